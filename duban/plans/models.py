"""A reform plan as structured data: Plan → Task → Item → Assignment / Target.

Every table carries its zone, even where it could be reached through the plan:
zone is the tenant key a province-wide deployment distributes on (see
docs/architecture.md), and it keeps "only my zone" a single indexed filter.
"""

from django.db import models
from django.db.models import Q

from duban.zones.models import Department, Zone


#: What the audit trail says of a change the office made in the import preview before confirming
#: (``LogEntry.additional_data["note"]``), so it reads as a correction, not as the import itself.
IMPORT_CORRECTION = "导入核对更正"
#: How a doubt reads once the office has checked (and corrected) the item in the preview.
CHECKED = "已由办公室核对："


def audit_data(row) -> dict:
    """What the audit trail stores with each change of a plan row: its zone (the zone-wide log
    filters on it, see duban/audit/registry.py) and, for a correction, the note saying so."""
    data = {"zone": row.zone_id}
    note = getattr(row, "audit_note", "")
    if note:
        data["note"] = note
    return data


class Plan(models.Model):
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="plans", verbose_name="开发区")
    title = models.CharField("标题", max_length=200)
    year = models.PositiveIntegerField("年度")
    description = models.TextField("总体要求", blank=True)
    source_name = models.CharField("原始文件名", max_length=255)
    source_file = models.BinaryField("原始文件")  # kept as uploaded, byte for byte
    source_text = models.TextField("原始文本")  # what the parser read; items point into it by line
    checksum = models.CharField("校验值（SHA-256）", max_length=64)
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    imported_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="导入人"
    )

    class Meta:
        verbose_name = "改革方案"
        verbose_name_plural = "改革方案"
        ordering = ["-year", "title"]
        constraints = [models.UniqueConstraint(fields=["zone", "checksum"], name="plan_unique_source_per_zone")]

    def __str__(self) -> str:
        return self.title

    def source_lines(self, start: int, end: int) -> list[tuple[int, str]]:
        lines = self.source_text.splitlines()
        return [(n, lines[n - 1]) for n in range(max(start, 1), min(end, len(lines)) + 1)]

    def get_additional_data(self):
        return audit_data(self)


class Task(models.Model):
    """主要任务, e.g. （八）提升公用事业服务水平."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name="方案")
    number = models.CharField("序号", max_length=20)  # as written: （八）
    title = models.CharField("标题", max_length=200)
    order = models.PositiveIntegerField("排序")
    # The part of the plan it is under ("保障措施"), where the number alone is ambiguous (the
    # （一）（二） of 保障措施 after those of 主要任务) or a table's section row holds the task.
    part = models.CharField("所属部分", max_length=200, blank=True)

    class Meta:
        verbose_name = "主要任务"
        verbose_name_plural = "主要任务"
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="task_unique_order")]

    def __str__(self) -> str:
        return f"{self.code}{self.title}"

    @property
    def code(self) -> str:
        """How people cite the task: （八）, or 保障措施·（一） where the number alone is ambiguous."""
        return f"{self.part}·{self.number}" if self.part else self.number


class Item(models.Model):
    """具体任务: one concrete, assignable piece of a task."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="items", verbose_name="主要任务")
    number = models.CharField("序号", max_length=20, blank=True)  # "" when the task is one unnumbered item
    order = models.PositiveIntegerField("排序")
    text = models.TextField("任务内容")
    deadline = models.DateField("完成时限", null=True, blank=True)
    deadline_text = models.CharField("完成时限（原文）", max_length=100, blank=True)
    ongoing = models.BooleanField("持续推进", default=False)
    line_start = models.PositiveIntegerField("原文起始行", default=0)
    line_end = models.PositiveIntegerField("原文结束行", default=0)
    # Where in those lines the item is, when only part of them (a paragraph of a line pasted from
    # the web): the offset in the first line where it begins, the one in the last where it stops
    # (exclusive; null: the line's end).
    column_start = models.PositiveIntegerField("原文起始位置", default=0)
    column_end = models.PositiveIntegerField("原文结束位置", null=True, blank=True)
    # How sure the import was of the item's parties, deadline and targets (1 = all read from explicit
    # labels), and why not, as the preview showed it to the office.  An item the office corrected in
    # the preview keeps its doubts marked as checked (CHECKED), confidence 1; what it changed is on
    # the audit trail.
    confidence = models.FloatField("识别把握", default=1.0)
    doubts = models.JSONField("存疑原因", default=list, blank=True)
    departments = models.ManyToManyField(Department, through="Assignment", related_name="items", verbose_name="部门")

    class Meta:
        verbose_name = "具体任务"
        verbose_name_plural = "具体任务"
        ordering = ["task__order", "order"]
        constraints = [models.UniqueConstraint(fields=["task", "order"], name="item_unique_order")]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:30]}"

    @property
    def label(self) -> str:
        """第3项; empty for a task that is one unnumbered item."""
        return f"第{self.number}项" if self.number else ""

    @property
    def code(self) -> str:
        """How people cite the item: （八）第3项, or （四） for a task of one item (保障措施·（一）第1项
        where the task's number alone is ambiguous)."""
        return f"{self.task.code}{self.label}"

    @property
    def responsible_assignments(self) -> list:
        """The 责任单位 of the item, from the prefetched assignments (no query of its own)."""
        return [a for a in self.assignments.all() if a.role == Assignment.Role.RESPONSIBLE]

    @property
    def is_doubtful(self) -> bool:
        """Doubts remain that the office has not checked."""
        return self.confidence < 1 or any(not doubt.startswith(CHECKED) for doubt in self.doubts)

    def mark_checked(self) -> None:
        """The office checked and corrected the item in the preview: its doubts are settled."""
        self.doubts = [doubt if doubt.startswith(CHECKED) else f"{CHECKED}{doubt}" for doubt in self.doubts]
        self.confidence = 1.0

    def get_additional_data(self):
        return audit_data(self)


class Assignment(models.Model):
    """Item × department × role.  A null department means 各部门: every department of the zone.

    The third role, 责任单位 (RESPONSIBLE), is what plans name beside a 牵头单位 besides or instead
    of 配合单位 (“牵头单位：A；责任单位：B、C”).  For the ledger it is a non-lead obligation like
    a cooperating one: the department keeps its own ledger of the item and the lead's report is the
    item's report (see duban/ledger/obligations.py).
    """

    class Role(models.TextChoices):
        LEAD = "lead", "牵头部门"
        COOPERATING = "cooperating", "配合部门"
        RESPONSIBLE = "responsible", "责任单位"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="assignments", verbose_name="具体任务")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="assignments",
        verbose_name="部门", help_text="留空表示“各部门”",
    )
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    order = models.PositiveIntegerField("排序", default=0)  # the order the plan lists them in

    class Meta:
        verbose_name = "任务分工"
        verbose_name_plural = "任务分工"
        ordering = ["item", "role", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "department", "role"], condition=Q(department__isnull=False),
                name="assignment_unique_department",
            ),
            models.UniqueConstraint(
                fields=["item", "role"], condition=Q(department__isnull=True), name="assignment_unique_all_departments",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department_name}（{self.get_role_display()}）"

    @property
    def is_all_departments(self) -> bool:
        return self.department_id is None

    @property
    def department_name(self) -> str:
        return "各部门" if self.department_id is None else self.department.name

    def get_additional_data(self):
        return audit_data(self)


class Target(models.Model):
    """量化指标: a measurable promise of an item, or a document it must deliver."""

    class Comparator(models.TextChoices):
        AT_MOST = "<=", "不超过"
        AT_LEAST = ">=", "不少于"
        EQUAL = "=", "等于"

    class Kind(models.TextChoices):
        QUANTITY = "quantity", "量化指标"
        DELIVERABLE = "deliverable", "成果文件"

    #: The unit of a target expressed as a share of the statutory time limit (法定时限).
    STATUTORY_RATIO_UNIT = "法定时限"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="targets", verbose_name="具体任务")
    subject = models.CharField("指标", max_length=200)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.QUANTITY)
    comparator = models.CharField("比较", max_length=2, choices=Comparator.choices, blank=True)
    value = models.DecimalField("目标值", max_digits=12, decimal_places=3, null=True, blank=True)
    unit = models.CharField("单位", max_length=50, blank=True)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "量化指标"
        verbose_name_plural = "量化指标"
        ordering = ["item", "order"]

    def __str__(self) -> str:
        return f"{self.subject} {self.promise}"

    @property
    def promise(self) -> str:
        """The target in words, as the UI shows it: ≤ 20 工作日, ≤ 法定时限的 50%, 《…》."""
        if self.kind == self.Kind.DELIVERABLE:
            return "按期形成并印发"
        symbol = {"<=": "≤", ">=": "≥", "=": "="}[self.comparator]
        value = self.value.normalize() if self.value is not None else ""
        if self.unit == self.STATUTORY_RATIO_UNIT:
            return f"{symbol} 法定时限的 {self.value * 100:.0f}%"
        return f"{symbol} {value:f} {self.unit}".strip()

    def get_additional_data(self):
        return audit_data(self)
