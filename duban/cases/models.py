"""Service types (事项), cases (办件), clock stops (停止计时), import mappings/jobs and API tokens.

Every table carries its zone (docs/architecture.md).  A case keeps its receipt and
completion as timestamps and, denormalised, as local dates (``received_on``,
``completed_on``): working days are counted on dates, and the measures load a million
of them as integers without converting a single timestamp in Python.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils import timezone

from duban.zones.models import Department, Zone


class LimitUnit(models.TextChoices):
    WORKDAYS = "工作日", "工作日"
    CALENDAR_DAYS = "自然日", "自然日"


class ServiceType(models.Model):
    """事项: a kind of case the zone promises to handle within a limit."""

    class Region(models.TextChoices):
        NATIONAL = "national", "全国"
        XINJIANG = "xinjiang", "新疆"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    name = models.CharField("事项名称", max_length=100)
    code = models.CharField("事项编码", max_length=50, blank=True)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="service_types",
        verbose_name="责任部门",
    )
    external_unit = models.CharField("外部办理单位", max_length=100, blank=True,
                                     help_text="由区外单位办理时填写，如供电公司")
    limit_value = models.DecimalField("承诺时限", max_digits=6, decimal_places=1, null=True, blank=True,
                                      help_text="留空表示只考核环节数")
    limit_unit = models.CharField("时限单位", max_length=10, choices=LimitUnit.choices, default=LimitUnit.WORKDAYS)
    statutory_limit_days = models.PositiveIntegerField("法定时限（日）", null=True, blank=True)
    max_steps = models.PositiveIntegerField("最多环节数", null=True, blank=True)
    calendar_region = models.CharField("工作日历地区", max_length=20, choices=Region.choices,
                                       default=Region.XINJIANG)
    warning_workdays = models.PositiveIntegerField("临期提醒（工作日）", default=2,
                                                   help_text="剩余工作日不超过此数时提醒责任部门")
    target = models.ForeignKey(
        "plans.Target", on_delete=models.SET_NULL, null=True, blank=True, related_name="service_types",
        verbose_name="对应指标",
    )
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "事项"
        verbose_name_plural = "事项"
        ordering = ["zone", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["zone", "name"], name="servicetype_unique_name_per_zone")]

    def __str__(self) -> str:
        return self.name

    @property
    def responsible(self) -> str:
        if self.department_id:
            return self.department.name
        return self.external_unit or "—"

    @property
    def limit_text(self) -> str:
        if self.limit_value is None:
            return "—"
        return f"{self.limit_value.normalize():f} 个{self.limit_unit}"

    def get_additional_data(self):
        return {"zone": self.zone_id}


class Rating(models.IntegerChoices):
    """好差评: five grades; 满意 or better counts as satisfied."""

    VERY_SATISFIED = 5, "非常满意"
    SATISFIED = 4, "满意"
    FAIRLY = 3, "基本满意"
    DISSATISFIED = 2, "不满意"
    VERY_DISSATISFIED = 1, "非常不满意"


class Case(models.Model):
    """办件: one application handled under a service type."""

    class ApplicantKind(models.TextChoices):
        ENTERPRISE = "企业", "企业"
        PERSON = "个人", "个人"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    number = models.CharField("办件编号", max_length=64)
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, related_name="cases", verbose_name="事项")
    applicant_kind = models.CharField("申请人类型", max_length=4, choices=ApplicantKind.choices)
    applicant_name = models.CharField("申请人", max_length=200)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    received_at = models.DateTimeField("受理时间")
    completed_at = models.DateTimeField("办结时间", null=True, blank=True)
    received_on = models.DateField("受理日期")  # local date of received_at
    completed_on = models.DateField("办结日期", null=True, blank=True)  # local date of completed_at
    steps = models.PositiveIntegerField("环节数", null=True, blank=True)
    cost = models.DecimalField("费用（元）", max_digits=14, decimal_places=2, null=True, blank=True)
    rating = models.PositiveSmallIntegerField("评价", choices=Rating.choices, null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "办件"
        verbose_name_plural = "办件"
        ordering = ["-received_at", "number"]
        constraints = [models.UniqueConstraint(fields=["zone", "number"], name="case_unique_number_per_zone")]
        indexes = [
            models.Index(fields=["zone", "service_type", "received_on"], name="case_zone_type_received"),
            models.Index(fields=["zone", "completed_on"], name="case_zone_completed"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.completed_at is None

    def save(self, *args, **kwargs):
        self.received_on = local_date(self.received_at)
        self.completed_on = local_date(self.completed_at) if self.completed_at else None
        super().save(*args, **kwargs)

    def get_additional_data(self):
        return {"zone": self.zone_id}


def local_date(moment):
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


class ClockStop(models.Model):
    """停止计时: a period the rules exclude (补正, 现场勘查, 公示).

    It excludes the working days d with start < d ≤ end, the same convention as elapsed days.
    """

    class Kind(models.TextChoices):
        CORRECTION = "补正", "补正"
        INSPECTION = "现场勘查", "现场勘查"
        PUBLICITY = "公示", "公示"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clock_stops", verbose_name="办件")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")

    class Meta:
        verbose_name = "停止计时"
        verbose_name_plural = "停止计时"
        ordering = ["case", "start"]
        constraints = [models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="clockstop_ordered")]

    def __str__(self) -> str:
        return f"{self.kind} {self.start}–{self.end}"

    def get_additional_data(self):
        return {"zone": self.zone_id}


class ColumnMapping(models.Model):
    """The last column mapping the zone's office confirmed: canonical field → column header of the file."""

    zone = models.OneToOneField(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    mapping = models.JSONField("列对应关系", default=dict)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "导入列对应"
        verbose_name_plural = "导入列对应"

    def get_additional_data(self):
        return {"zone": self.zone_id}


class ImportJob(models.Model):
    """One uploaded case file: its mapping, its progress, and what came of it."""

    class State(models.TextChoices):
        UPLOADED = "uploaded", "待确认"
        QUEUED = "queued", "排队等待"
        RUNNING = "running", "导入中"
        DONE = "done", "已导入"
        REFUSED = "refused", "未导入（有错误）"
        FAILED = "failed", "失败"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+",
                                   verbose_name="上传人")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    file_name = models.CharField("文件名", max_length=255)
    #: Emptied once the job has its result (jobs.py): the file is not kept beyond its use.
    data = models.BinaryField("文件内容")
    #: Read once at upload, so the mapping page never parses the file again.
    headers = models.JSONField("表头", default=list)
    preview = models.JSONField("预览行", default=list)
    mapping = models.JSONField("列对应关系", default=dict)
    skip_bad_rows = models.BooleanField("导入正确的行，错误行下载", default=False)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.UPLOADED)
    total_rows = models.PositiveIntegerField("数据行数", default=0)
    processed_rows = models.PositiveIntegerField("已校验行数", default=0)
    progress_at = models.DateTimeField("最近进展", null=True)
    #: The background task (django-tasks-db) that runs a large import; its worker's death fails or
    #: re-queues it (duban/jobs/reaping.py), never leaving the job "running".
    task_id = models.CharField("后台任务", max_length=64, blank=True, db_index=True)
    created_count = models.PositiveIntegerField("新增件数", default=0)
    updated_count = models.PositiveIntegerField("更新件数", default=0)
    errors = models.JSONField("错误", default=list)  # [{"row", "column", "message"}]
    error_file = models.BinaryField("错误行文件", null=True)
    message = models.TextField("说明", blank=True)
    #: When it became DONE, REFUSED or FAILED: a failed job's file is kept DUBAN_IMPORT_KEEP_DAYS from then.
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "办件导入"
        verbose_name_plural = "办件导入"
        ordering = ["-created_at"]

    def get_additional_data(self):
        return {"zone": self.zone_id}

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def in_progress(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)


class ApiToken(models.Model):
    """A token another system writes cases with; bound to one zone.  Only its SHA-256 is stored."""

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    name = models.CharField("名称", max_length=100)
    prefix = models.CharField("前缀", max_length=12)
    token_hash = models.CharField("令牌摘要（SHA-256）", max_length=64, unique=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+",
                                   verbose_name="创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, zone, name: str, created_by=None) -> tuple[ApiToken, str]:
        """Create a token; the raw value is returned once and never stored."""
        raw = "dbn_" + secrets.token_urlsafe(32)
        token = cls.objects.create(zone=zone, name=name, prefix=raw[:10], token_hash=cls.hash(raw),
                                   created_by=created_by)
        return token, raw

    def get_additional_data(self):
        return {"zone": self.zone_id}
