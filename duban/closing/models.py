"""Year-end reconciliation (对账销号): one per plan, a sheet (对账单) per department, a line per obligation.

A line is one department's obligation on an item (an assignment, or for 各部门 one department of
it: ``duban.ledger.obligations``).  The department applies (申请销号 / 申请结转 / 申请调整, with a
statement and evidence), the steering office decides (销号 / 结转 / 调整 / 退回), the department
head confirms the sheet or disputes a line, the office resolves the dispute; closing the
reconciliation freezes it and lands the carried-over items in next year's plan (``CarryOver``).
The rules are in ``flow.py``; every table carries its zone and is on the audit trail.  Every time
is stamped on duban's clock (``clock.now``), so a replayed year (the demo's 2020) reads in order.
"""

from django.conf import settings
from django.db import models

from duban.clock import now

from duban.plans.models import Assignment, Item, Plan
from duban.zones.models import Department, Zone


class Reconciliation(models.Model):
    """The year's 对账销号 of a plan, opened and closed by the steering office."""

    class State(models.TextChoices):
        OPEN = "open", "对账中"
        CLOSED = "closed", "已关闭"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="reconciliation", verbose_name="方案")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="发起人"
    )
    opened_at = models.DateTimeField("发起时间", default=now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="关闭人",
    )
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    carried_to = models.ForeignKey(
        Plan, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="结转至方案",
    )

    class Meta:
        verbose_name = "对账销号"
        verbose_name_plural = "对账销号"
        ordering = ["-plan__year", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan.year}年度对账销号"

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED

    def get_additional_data(self):
        return {"zone": self.zone_id}


class Sheet(models.Model):
    """对账单: one department's lines in a reconciliation, and its head's sign-off."""

    class State(models.TextChoices):
        OPEN = "open", "对账中"
        CONFIRMED = "confirmed", "已确认"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    reconciliation = models.ForeignKey(
        Reconciliation, on_delete=models.CASCADE, related_name="sheets", verbose_name="对账销号"
    )
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name="部门")
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.OPEN)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="确认人",
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = "对账单"
        verbose_name_plural = "对账单"
        ordering = ["reconciliation", "department__order", "department__name"]
        constraints = [
            models.UniqueConstraint(fields=["reconciliation", "department"], name="sheet_unique_department"),
        ]

    def __str__(self) -> str:
        return f"{self.department.name}对账单"

    @property
    def is_confirmed(self) -> bool:
        return self.state == self.State.CONFIRMED

    def get_additional_data(self):
        return {"zone": self.zone_id}


class Line(models.Model):
    """One obligation on a sheet: what the department applied for and what the office decided."""

    class State(models.TextChoices):
        PENDING = "pending", "待申请"
        APPLIED = "applied", "待办公室审定"
        RETURNED = "returned", "已退回"
        DECIDED = "decided", "已审定"
        DISPUTED = "disputed", "有异议"

    class Request(models.TextChoices):
        CLOSE = "close", "申请销号"
        CARRY_OVER = "carry_over", "申请结转"
        ADJUST = "adjust", "申请调整"

    class Decision(models.TextChoices):
        CLOSED = "closed", "销号"
        CARRIED_OVER = "carried_over", "结转"
        ADJUSTED = "adjusted", "调整"
        RETURNED = "returned", "退回"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="lines", verbose_name="对账单")
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="+", verbose_name="任务分工")
    # The sheet's department: for 各部门 the assignment names none, so the obligation is (assignment, department).
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name="部门")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+", verbose_name="具体任务")
    is_lead = models.BooleanField("牵头", default=False)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PENDING)

    request = models.CharField("申请类型", max_length=20, choices=Request.choices, blank=True)
    statement = models.TextField("申请说明", blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="申请人",
    )
    applied_at = models.DateTimeField("申请时间", null=True, blank=True)
    # 申请结转: what the department proposes; the office's decision form starts from it.
    requested_deadline = models.DateField("拟完成时限", null=True, blank=True)
    requested_stage_goal = models.TextField("拟阶段目标", blank=True)

    decision = models.CharField("审定结果", max_length=20, choices=Decision.choices, blank=True)
    # 销号: remarks; 结转: the reason; 调整: what changed; 退回: 补充整改要求.
    decision_note = models.TextField("审定意见", blank=True)
    new_deadline = models.DateField("结转后完成时限", null=True, blank=True)
    stage_goal = models.TextField("阶段目标", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="审定人",
    )
    decided_at = models.DateTimeField("审定时间", null=True, blank=True)

    class Meta:
        verbose_name = "对账事项"
        verbose_name_plural = "对账事项"
        ordering = ["sheet", "item__task__order", "item__order", "-is_lead", "pk"]
        constraints = [models.UniqueConstraint(fields=["sheet", "assignment"], name="line_unique_assignment")]
        indexes = [models.Index(fields=["zone", "state"])]

    def __str__(self) -> str:
        # Without relations, so recording a line in the audit trail costs no query.
        return f"对账事项 #{self.pk}"

    @property
    def is_final(self) -> bool:
        """Decided and not sent back: closed out, carried over or adjusted."""
        return self.state == self.State.DECIDED

    def get_additional_data(self):
        return {"zone": self.zone_id}


class LineStep(models.Model):
    """A line's history: who applied, decided, disputed or resolved, when, and what they said."""

    class Action(models.TextChoices):
        APPLY = "apply", "部门申请"
        DECIDE = "decide", "办公室审定"
        DISPUTE = "dispute", "负责人提出异议"
        RESOLVE = "resolve", "办公室处理异议"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    line = models.ForeignKey(Line, on_delete=models.CASCADE, related_name="steps", verbose_name="对账事项")
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    # apply: the request; decide and resolve: the decision (blank when a dispute is rejected).
    outcome = models.CharField("结果", max_length=20, blank=True)
    comment = models.TextField("说明", blank=True)
    new_deadline = models.DateField("结转后完成时限", null=True, blank=True)
    stage_goal = models.TextField("阶段目标", blank=True)
    from_state = models.CharField("原状态", max_length=10, choices=Line.State.choices)
    to_state = models.CharField("新状态", max_length=10, choices=Line.State.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="操作人")
    at = models.DateTimeField("时间", default=now)

    class Meta:
        verbose_name = "对账流转记录"
        verbose_name_plural = "对账流转记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"对账事项 #{self.line_id} {self.get_action_display()}"

    @property
    def outcome_label(self) -> str:
        labels = {**dict(Line.Request.choices), **dict(Line.Decision.choices)}
        if self.action == self.Action.RESOLVE and not self.outcome:
            return "维持原审定"
        return labels.get(self.outcome, "")

    def get_additional_data(self):
        return {"zone": self.zone_id}


class Attachment(models.Model):
    """A file on a line: the department's evidence for its application, or the approval document of
    an adjustment (调整的批准文件).  Checked and stored as the ledger's evidence is (ledger.evidence)."""

    class Purpose(models.TextChoices):
        EVIDENCE = "evidence", "佐证材料"
        APPROVAL = "approval", "批准文件"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    line = models.ForeignKey(Line, on_delete=models.CASCADE, related_name="attachments", verbose_name="对账事项")
    purpose = models.CharField("用途", max_length=10, choices=Purpose.choices)
    title = models.CharField("名称", max_length=200)
    stored_name = models.CharField("存储名", max_length=64, editable=False)
    content_type = models.CharField("文件类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", default=now)

    class Meta:
        verbose_name = "对账附件"
        verbose_name_plural = "对账附件"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_additional_data(self):
        return {"zone": self.zone_id}


class CarryOver(models.Model):
    """An item carried over (结转) into next year's plan: the link both ways between the two items.

    Kept here, not in plans, because plans must not know about closing: the item pages show
    结转自 / 结转至 through ``{% item_carry_over item %}``.
    """

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    reconciliation = models.ForeignKey(
        Reconciliation, on_delete=models.CASCADE, related_name="carry_overs", verbose_name="对账销号"
    )
    source = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+", verbose_name="原任务")
    target = models.OneToOneField(Item, on_delete=models.PROTECT, related_name="+", verbose_name="结转后任务")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="操作人"
    )
    created_at = models.DateTimeField("结转时间", default=now)

    class Meta:
        verbose_name = "结转记录"
        verbose_name_plural = "结转记录"
        ordering = ["reconciliation", "pk"]
        constraints = [models.UniqueConstraint(fields=["reconciliation", "source"], name="carry_over_unique_source")]

    def __str__(self) -> str:
        return f"结转记录 #{self.pk}"

    def get_additional_data(self):
        return {"zone": self.zone_id}
