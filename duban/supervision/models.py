"""A 督办通知: the office's instruction on an item to one department, with a reply deadline.

Its state is derived, never stored: 待回复 until answered, 逾期未回复 once the reply
deadline has passed without an answer, 已回复 after.  A reply is final (frozen).
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone

from duban.clock import now
from duban.plans.models import Item
from duban.zones.models import Department, Zone


class Notice(models.Model):
    class State(models.TextChoices):
        AWAITING = "awaiting", "待回复"
        REPLIED = "replied", "已回复"
        OVERDUE = "overdue", "逾期未回复"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="notices", verbose_name="具体任务")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="notices", verbose_name="督办对象",
        help_text="一般为该任务的牵头部门",
    )
    instruction = models.TextField("督办事项")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="发出人"
    )
    # On duban's clock, as report submissions are: a replayed year numbers and dates its notices in that year.
    issued_at = models.DateTimeField("发出时间", default=now, editable=False)
    reply_due = models.DateField("回复期限")
    reply = models.TextField("回复内容", blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="回复人",
    )
    replied_at = models.DateTimeField("回复时间", null=True, blank=True)

    class Meta:
        verbose_name = "督办通知"
        verbose_name_plural = "督办通知"
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["zone", "department", "replied_at"])]

    def __str__(self) -> str:
        return f"督办通知 #{self.pk} · {self.department}"

    @property
    def is_replied(self) -> bool:
        return self.replied_at is not None

    @property
    def replied_on(self) -> date | None:
        """The day of the reply in the zone's time (settings.TIME_ZONE), the day its deadline is
        compared with: a reply at 00:30 on the 11th is on the 11th, not on the UTC 10th."""
        return timezone.localdate(self.replied_at) if self.replied_at else None

    @property
    def answered_late(self) -> bool:
        """Replied after its reply deadline; a reply on the deadline day itself is on time.  The one
        definition the assessment (督办通知未按期回复) and every other page use."""
        replied = self.replied_on
        return replied is not None and replied > self.reply_due

    def state(self, today: date) -> "Notice.State":
        if self.is_replied:
            return self.State.REPLIED
        if self.reply_due < today:
            return self.State.OVERDUE
        return self.State.AWAITING

    def get_additional_data(self):
        return {"zone": self.zone_id}
