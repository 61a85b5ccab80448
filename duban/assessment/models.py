"""The assessment's records: the scheme the assessment office edits, the entries and appeal
outcomes it records, and the snapshot finalising freezes.

Nothing here holds a hand-entered total: scores come from the facts (facts.py) through the
pure scoring (scoring.py).  The snapshot (FinalScore, FinalLine) stores what came out when
the office finalised, so later changes to the data do not alter it.
Every table carries its zone (docs/architecture.md) and is on the audit trail.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from duban.clock import now
from duban.plans.models import Item, Plan
from duban.zones.models import Department, Zone

from . import scoring

DECIMAL = {"max_digits": 6, "decimal_places": 2}


class Scheme(models.Model):
    """考核方案: one per plan, edited by the assessment office until it finalises the scores."""

    class Style(models.TextChoices):
        WEIGHTED = scoring.WEIGHTED, "权重制（各部分权重合计 100 分）"
        BASE = scoring.BASE, "基础分制（基础分 + 加分 − 减分）"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="assessment_scheme", verbose_name="方案")
    style = models.CharField("计分方式", max_length=20, choices=Style.choices, default=Style.WEIGHTED)
    base_score = models.DecimalField("基础分", default=0, **DECIMAL, help_text="基础分制使用")
    bonus_cap = models.DecimalField("加分总上限", null=True, blank=True, **DECIMAL, help_text="留空表示不设上限")
    deduction_cap = models.DecimalField("减分总上限", null=True, blank=True, **DECIMAL, help_text="留空表示不设上限")
    no_double_count = models.BooleanField(
        "同一任务不重复计分", default=True,
        help_text="同一任务被多条加分（或减分）规则计入时，只按分值最高的一条计分",
    )
    bands = models.JSONField("等次", default=list)  # [[name, minimum], …], highest first
    top_share = models.DecimalField(
        "优秀比例上限（%）", null=True, blank=True, max_digits=5, decimal_places=2, help_text="留空表示不限",
    )
    as_of = models.DateField("考核截止日期", null=True, blank=True, help_text="留空为方案年度的 12 月 31 日")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="修改人"
    )
    # On duban's clock, not auto_now: a replayed year (the demo's 2020) dates its changes in that year.
    updated_at = models.DateTimeField("修改时间", default=now, editable=False)
    finalised_at = models.DateTimeField("定稿时间", null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="定稿人",
    )
    finalised_as_of = models.DateField("定稿时数据截至", null=True, blank=True)

    class Meta:
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"

    def __str__(self) -> str:
        return f"{self.plan} · 考核方案"

    @property
    def is_final(self) -> bool:
        return self.finalised_at is not None

    def save(self, *args, **kwargs):
        fields = kwargs.get("update_fields")
        if fields is None or "updated_at" in fields:
            self.updated_at = now()
        super().save(*args, **kwargs)

    def get_additional_data(self):
        return {"zone": self.zone_id}


class Part(models.Model):
    """考核部分: a measure of the weighted style and its weight."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="parts", verbose_name="考核方案")
    measure = models.CharField(
        "考核内容", max_length=20, choices=[(k, m.name) for k, m in scoring.MEASURES.items()]
    )
    weight = models.DecimalField("权重（分）", **DECIMAL)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "考核部分"
        verbose_name_plural = "考核部分"
        ordering = ["scheme", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["scheme", "measure"], name="assessment_part_unique_measure")]

    def __str__(self) -> str:
        return f"{self.get_measure_display()} {self.weight} 分"

    def get_additional_data(self):
        return {"zone": self.zone_id}


class Rule(models.Model):
    """加减分规则: a trigger, what it does (加分、减分、取消评优、一票否决), the points, the cap."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="rules", verbose_name="考核方案")
    key = models.SlugField("代码", max_length=40)
    name = models.CharField("名称", max_length=100)
    trigger = models.CharField("触发条件", max_length=30, choices=list(scoring.TRIGGERS.items()))
    effect = models.CharField("类型", max_length=20, choices=list(scoring.EFFECTS.items()))
    lead_points = models.DecimalField("牵头部门分值", default=0, **DECIMAL)
    cooperating_points = models.DecimalField("配合部门分值", default=0, **DECIMAL)
    cap = models.DecimalField("本项上限", null=True, blank=True, **DECIMAL, help_text="留空表示不设上限")
    once_per_item = models.BooleanField("同一任务只计一次", default=False)
    threshold = models.PositiveSmallIntegerField("触发次数", default=1, help_text="取消评优、一票否决：达到几项即触发")
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "加减分规则"
        verbose_name_plural = "加减分规则"
        ordering = ["scheme", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["scheme", "key"], name="assessment_rule_unique_key")]

    def __str__(self) -> str:
        return f"{self.get_effect_display()}：{self.name}"

    def get_additional_data(self):
        return {"zone": self.zone_id}


class Entry(models.Model):
    """考核事项登记: what the assessment office records against a department under an entry
    rule — a commendation document, a criticism, a report found untrue.  It carries no points:
    its rule does."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="entries", verbose_name="规则")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name="部门")
    item = models.ForeignKey(
        Item, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="具体任务",
        help_text="涉及某项任务时选择：据此区分牵头、配合分值，并避免重复计分",
    )
    document = models.CharField("依据文件（名称及文号）", max_length=200)
    date = models.DateField("文件日期")
    note = models.TextField("说明", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="登记人")
    recorded_at = models.DateTimeField("登记时间", default=now, editable=False)  # duban's clock

    class Meta:
        verbose_name = "考核事项"
        verbose_name_plural = "考核事项"
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.department} · {self.document}"

    def get_additional_data(self):
        return {"zone": self.zone_id}


class Appeal(models.Model):
    """申诉复核: the outcome of a department's appeal against a 差评 on one of its cases.

    Kept here, not on the case: the rating stays as the applicant gave it (the cases pages
    show it so); only the assessment leaves an overturned 差评 out."""

    class Outcome(models.TextChoices):
        OVERTURNED = "overturned", "撤销差评"
        UPHELD = "upheld", "维持差评"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="appeal", verbose_name="办件")
    outcome = models.CharField("复核结果", max_length=20, choices=Outcome.choices)
    reason = models.TextField("复核意见")
    decided_on = models.DateField("复核日期")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name="登记人")
    recorded_at = models.DateTimeField("登记时间", default=now, editable=False)  # duban's clock

    class Meta:
        verbose_name = "差评申诉复核"
        verbose_name_plural = "差评申诉复核"
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"办件 #{self.case_id} · {self.get_outcome_display()}"

    def get_additional_data(self):
        return {"zone": self.zone_id}


class Frozen(models.Model):
    """A snapshot row: written once when the scores are finalised, never changed after."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise ValidationError("考核结果已定稿，不能修改")
        super().save(*args, **kwargs)

    def get_additional_data(self):
        return {"zone": self.zone_id}


class FinalScore(Frozen):
    """A department's finalised score: total, grade, rank, flags, as they were when finalised."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="final_scores", verbose_name="考核方案")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+", verbose_name="部门")
    department_name = models.CharField("部门名称", max_length=100)
    order = models.PositiveIntegerField("部门排序", default=0)
    total = models.DecimalField("总分", null=True, **DECIMAL)  # null: 不参评 (no part applied)
    grade = models.CharField("等次", max_length=20)
    grade_note = models.CharField("等次说明", max_length=200, blank=True)
    rank = models.PositiveIntegerField("排名", null=True)  # null: 不参评
    flags = models.JSONField("取消评优、一票否决", default=list)

    class Meta:
        verbose_name = "考核结果（定稿）"
        verbose_name_plural = "考核结果（定稿）"
        ordering = ["scheme", "rank", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "department"], name="assessment_final_score_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.department_name} {self.total} 分（{self.grade}）"


class FinalLine(Frozen):
    """One line of a finalised score, with the records it counted as they were then."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    score = models.ForeignKey(FinalScore, on_delete=models.CASCADE, related_name="lines", verbose_name="考核结果")
    order = models.PositiveIntegerField("序号")
    kind = models.CharField("类别", max_length=20)
    rule = models.CharField("考核内容或规则", max_length=100)
    numbers = models.TextField("计算")
    points = models.DecimalField("得分", **DECIMAL)
    note = models.CharField("说明", max_length=200, blank=True)
    rate_good = models.PositiveIntegerField("比率分子", null=True)
    rate_total = models.PositiveIntegerField("比率分母", null=True)
    counted = models.JSONField("计入的记录", default=list)

    class Meta:
        verbose_name = "考核得分明细（定稿）"
        verbose_name_plural = "考核得分明细（定稿）"
        ordering = ["score", "order"]

    def __str__(self) -> str:
        return f"{self.rule} {self.points}"
