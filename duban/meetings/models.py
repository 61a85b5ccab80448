"""A progress meeting (推进会议) hosted by a lead department, and its decisions (会议决定).

A decision with a due date is a follow-up action (跟踪事项): it has an owner department
and stays open until that department marks it done.  A decision without a date is only
recorded.  Every table carries its zone (docs/architecture.md).
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from duban.dates import cn_date
from duban.plans.models import Item, Plan
from duban.zones.models import Department, Zone


class Meeting(models.Model):
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="meetings", verbose_name="方案")
    host = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="hosted_meetings", verbose_name="主办部门",
        help_text="须为本方案至少一项任务的牵头部门",
    )
    date = models.DateField("会议日期")
    title = models.CharField("会议名称", max_length=200)
    chair = models.CharField("主持人", max_length=100)
    attendees = models.ManyToManyField(
        Department, related_name="attended_meetings", blank=True, verbose_name="参会部门"
    )
    items = models.ManyToManyField(Item, related_name="meetings", blank=True, verbose_name="研究的具体任务")
    minutes = models.TextField("会议纪要", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="记录人"
    )
    recorded_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "推进会议"
        verbose_name_plural = "推进会议"
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["zone", "plan", "host", "date"])]

    def __str__(self) -> str:
        return f"{cn_date(self.date)} {self.title}"

    def clean(self):
        # Also guards the admin: the views' forms only offer lead departments anyway.
        from .leads import leads_plan

        if self.plan_id and self.host_id:
            if self.plan.zone_id != self.zone_id or self.host.zone_id != self.zone_id:
                raise ValidationError("方案、主办部门须属于同一开发区")
            if not leads_plan(self.host_id, self.plan):
                raise ValidationError({"host": "该部门不是本方案任何任务的牵头部门，不能主办推进会议"})

    def get_additional_data(self):
        return {"zone": self.zone_id}


class Decision(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "未完成"
        DONE = "done", "已完成"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name="推进会议")
    text = models.TextField("会议决定")
    owner = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="meeting_actions",
        verbose_name="责任部门",
    )
    due = models.DateField("完成时限", null=True, blank=True, help_text="填写后成为跟踪事项；不填只作记录")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    done_note = models.TextField("完成情况", blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="确认人",
    )

    class Meta:
        verbose_name = "会议决定"
        verbose_name_plural = "会议决定"
        ordering = ["meeting", "pk"]
        constraints = [
            # A follow-up action must say who answers for it.
            models.CheckConstraint(
                condition=Q(due__isnull=True) | Q(owner__isnull=False), name="decision_action_has_owner"
            ),
        ]
        indexes = [models.Index(fields=["zone", "owner", "status"])]

    def __str__(self) -> str:
        return self.text[:40]

    def clean(self):
        if self.due and not self.owner_id:
            raise ValidationError({"owner": "有完成时限的跟踪事项须指定责任部门"})

    @property
    def is_action(self) -> bool:
        """A dated decision is a follow-up action (跟踪事项), tracked until done."""
        return self.due is not None

    @property
    def is_open(self) -> bool:
        return self.is_action and self.status == self.Status.OPEN

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due < today

    def get_additional_data(self):
        return {"zone": self.zone_id}
