"""Ledger models.

A department's obligation on an item is an Assignment (for 各部门, every
department of the zone).  For each reporting Cycle it files a Report, which goes
draft → submitted → approved (department head) → accepted (steering office),
or back to returned; a cooperating report ends at its head's approval (final).
An accepted or final report is frozen: a correction is a new version.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from duban.plans.models import Assignment, Item, Plan
from duban.zones.models import Department, Zone


class ReportingSchedule(models.Model):
    """A plan's ledger settings: when reports are due, how often lead departments meet."""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "每月"
        QUARTERLY = "quarterly", "每季度"
        HALF_YEARLY = "half_yearly", "每半年"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="schedule", verbose_name="方案")
    frequency = models.CharField("报送周期", max_length=20, choices=Frequency.choices, default=Frequency.MONTHLY)
    starts_on = models.DateField("起报日期", help_text="此日期之前结束的周期不要求报送")
    due_day = models.PositiveSmallIntegerField(
        "截止日", default=25, validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text="每期最后一个月的第几日截止",
    )
    due_workday = models.PositiveSmallIntegerField(
        "截止工作日", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="填写后改为：每期结束后次月的第几个工作日截止（按本开发区工作日历）",
    )
    remind_days = models.PositiveSmallIntegerField("提前提醒天数", default=3)
    warning_days = models.PositiveSmallIntegerField("临近完成时限预警天数", default=15)
    meeting_frequency = models.CharField(
        "推进会议频次", max_length=20, choices=Frequency.choices, default=Frequency.QUARTERLY
    )

    class Meta:
        verbose_name = "报送设置"
        verbose_name_plural = "报送设置"

    def __str__(self) -> str:
        return f"{self.plan} · {self.get_frequency_display()}"


class Cycle(models.Model):
    """One reporting period of a plan, e.g. 2020年6月, with its due date."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="cycles", verbose_name="方案")
    label = models.CharField("周期", max_length=30)
    start = models.DateField("开始")
    end = models.DateField("结束")
    due = models.DateField("截止日期")

    class Meta:
        verbose_name = "报送周期"
        verbose_name_plural = "报送周期"
        ordering = ["plan", "start"]
        constraints = [models.UniqueConstraint(fields=["plan", "start"], name="cycle_unique_start")]

    def __str__(self) -> str:
        return self.label


class Report(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待负责人审核"
        APPROVED = "approved", "待办公室确认"
        ACCEPTED = "accepted", "已确认"
        RETURNED = "returned", "已退回"
        # A cooperating report ends at its head's approval: the office reviews the lead's report,
        # which shows it beside its own, and never accepts it on its own.
        FINAL = "final", "已审定（随牵头部门报告）"

    class SelfStatus(models.TextChoices):
        ON_TRACK = "on_track", "正常推进"
        AT_RISK = "at_risk", "存在风险"
        DONE = "done", "已完成"

    #: States in which a cycle counts as reported: filed and not sent back.
    FILED = (State.SUBMITTED, State.APPROVED, State.ACCEPTED, State.FINAL)
    #: States that end the flow: the report is frozen, a correction is a new version.
    FROZEN = (State.ACCEPTED, State.FINAL)
    #: States in which the liaison may still edit.
    EDITABLE = (State.DRAFT, State.RETURNED)

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="reports", verbose_name="任务分工")
    # The reporting department: the assignment's, or for 各部门 each department of the zone.
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="reports", verbose_name="部门")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="reports", verbose_name="具体任务")
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="reports", verbose_name="周期")
    version = models.PositiveSmallIntegerField("版本", default=1)
    is_lead = models.BooleanField("牵头部门报告", default=False)

    progress = models.TextField("工作进展", blank=True)
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下步计划", blank=True)
    completion = models.PositiveSmallIntegerField(
        "完成进度（%）", default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    self_status = models.CharField("自评状态", max_length=20, choices=SelfStatus.choices, default=SelfStatus.ON_TRACK)

    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT)
    # Bumped on every save: a form posted with an older revision was edited by someone else meanwhile.
    revision = models.PositiveIntegerField("修订号", default=0)
    submitted_at = models.DateTimeField("首次报送时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="填报人"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "台账报告"
        verbose_name_plural = "台账报告"
        ordering = ["cycle__start", "-is_lead", "department__order", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "department", "cycle", "version"], name="report_unique_version"),
            models.CheckConstraint(condition=models.Q(completion__lte=100), name="report_completion_at_most_100"),
        ]
        indexes = [models.Index(fields=["zone", "department", "state"]), models.Index(fields=["item", "cycle"])]

    def __str__(self) -> str:
        return f"{self.department} · {self.cycle} · {self.item}"

    @property
    def is_filed(self) -> bool:
        return self.state in self.FILED

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE

    @property
    def is_frozen(self) -> bool:
        return self.state in self.FROZEN

    def get_additional_data(self):
        return {"zone": self.zone_id}


class ReportTransition(models.Model):
    """Who moved a report from one state to another, when, and what they said."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "报送"
        APPROVE = "approve", "负责人审核通过"
        RETURN = "return", "退回"
        ACCEPT = "accept", "办公室确认"
        CORRECT = "correct", "更正（新版本）"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="transitions", verbose_name="报告")
    action = models.CharField("操作", max_length=20, choices=Action.choices)
    from_state = models.CharField("原状态", max_length=20, choices=Report.State.choices)
    to_state = models.CharField("新状态", max_length=20, choices=Report.State.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="操作人")
    at = models.DateTimeField("时间", auto_now_add=True)
    comment = models.TextField("意见", blank=True)

    class Meta:
        verbose_name = "流转记录"
        verbose_name_plural = "流转记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        # Without the report's relations, so recording a transition in the audit trail costs no query.
        return f"报告 #{self.report_id} {self.get_action_display()}（{self.get_from_state_display()} → {self.get_to_state_display()}）"

    def get_additional_data(self):
        return {"zone": self.zone_id}


class Evidence(models.Model):
    """佐证材料: an uploaded file (stored under a random name outside the web root) or a link.

    A correction carries its old version's evidence over as new rows naming the same stored file,
    so one file may back several rows: never remove a stored file while any row still names it.
    """

    class Kind(models.TextChoices):
        FILE = "file", "文件"
        LINK = "link", "链接"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="evidence", verbose_name="报告")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    title = models.CharField("名称", max_length=200)
    url = models.URLField("链接", max_length=500, blank=True)
    stored_name = models.CharField("存储名", max_length=64, blank=True, editable=False)
    content_type = models.CharField("文件类型", max_length=100, blank=True)
    size = models.PositiveBigIntegerField("大小（字节）", default=0)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self):
        return {"zone": self.zone_id}


class ItemStatus(models.Model):
    """The item's current RAG status (红黄绿灯), recomputed after every change that can move it."""

    class Colour(models.TextChoices):
        GREEN = "green", "绿灯（正常推进）"
        AMBER = "amber", "黄灯（存在风险）"
        RED = "red", "红灯（逾期）"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="status", verbose_name="具体任务")
    colour = models.CharField("状态", max_length=10, choices=Colour.choices)
    done = models.BooleanField("已完成", default=False)
    reasons = models.JSONField("原因", default=list, blank=True)
    since = models.DateTimeField("起始时间")

    class Meta:
        verbose_name = "任务状态"
        verbose_name_plural = "任务状态"
        indexes = [models.Index(fields=["zone", "colour"])]

    def __str__(self) -> str:
        return f"{self.item}：{self.get_colour_display()}"

    def get_additional_data(self):
        return {"zone": self.zone_id}


class StatusChange(models.Model):
    """The kept history of an item's RAG status."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="status_changes", verbose_name="具体任务")
    from_colour = models.CharField("原状态", max_length=10, choices=ItemStatus.Colour.choices, blank=True)
    to_colour = models.CharField("新状态", max_length=10, choices=ItemStatus.Colour.choices)
    reasons = models.JSONField("原因", default=list, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True)
    as_of = models.DateField("评估日期")

    class Meta:
        verbose_name = "状态变化"
        verbose_name_plural = "状态变化"
        ordering = ["-at", "-pk"]
