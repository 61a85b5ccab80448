"""What the steering office adds to the shipped calendar, and the ordinal table SQL filters join on.

The packaged files in ``duban/workdays/data/`` are always the base.  ``CalendarEntry``
and ``CoveredYear`` rows lay the office's entries over them: a row replaces the file's
entry (or coverage) for the same layer and date (or year).  National and regional rows
are shared by every zone (``zone`` is NULL); a zone's own overrides carry the zone.

``WorkdayOrdinal`` stores ``WorkdayCalendar.ordinals()`` per calendar, so a query can
count working days as ``ordinal(end) - ordinal(start)`` (see ``ordinals.py``).
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from duban.zones.models import Zone

from . import engine


class CalendarLayer(models.TextChoices):
    NATIONAL = engine.NATIONAL, "全国"
    XINJIANG = engine.XINJIANG, "新疆"
    ZONE = "zone", "本开发区"


#: The layers that have yearly notices and shipped files; the zone layer has neither.
NOTICE_LAYERS = [(value, label) for value, label in CalendarLayer.choices if value != CalendarLayer.ZONE]


class Kind(models.TextChoices):
    REST = engine.REST, "放假"
    WORK = engine.WORK, "上班"


class Status(models.TextChoices):
    OFFICIAL = engine.OFFICIAL, "正式（依据通知原文）"
    UNVERIFIED = engine.UNVERIFIED, "未核实"


class CalendarEntry(models.Model):
    """One day the office set as a rest day or a working day, with the notice it comes from."""

    layer = models.CharField("日历层", max_length=20, choices=CalendarLayer.choices)
    zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name="开发区",
        help_text="仅“本开发区”层填写；全国和新疆的记录由各开发区共用",
    )
    date = models.DateField("日期")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    name = models.CharField("名称", max_length=100, help_text="如 元旦、调休上班（春节）、古尔邦节")
    notice = models.CharField("依据通知", max_length=300, help_text="通知标题或文号")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="录入人",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "日历条目"
        verbose_name_plural = "日历条目"
        ordering = ["date", "layer"]
        constraints = [
            models.UniqueConstraint(
                fields=["layer", "date"], condition=Q(zone__isnull=True), name="calendarentry_unique_shared_date"
            ),
            models.UniqueConstraint(
                fields=["zone", "date"], condition=Q(zone__isnull=False), name="calendarentry_unique_zone_date"
            ),
            models.CheckConstraint(
                condition=Q(layer=CalendarLayer.ZONE, zone__isnull=False)
                | (~Q(layer=CalendarLayer.ZONE) & Q(zone__isnull=True)),
                name="calendarentry_zone_only_on_zone_layer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}（{self.get_kind_display()}）"

    def get_additional_data(self):
        return {"zone": self.zone_id}

    def as_entry(self) -> engine.Entry:
        return engine.Entry(self.date, self.kind, self.name, self.notice)


class CoveredYear(models.Model):
    """A year of a notice layer the office entered (or re-rated), and how far its source can be trusted."""

    layer = models.CharField("日历层", max_length=20, choices=NOTICE_LAYERS)
    year = models.PositiveSmallIntegerField("年份")
    status = models.CharField("状态", max_length=20, choices=Status.choices)
    notice = models.CharField("依据通知", max_length=300, blank=True)
    note = models.CharField("说明", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="登记人",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "已录入年份"
        verbose_name_plural = "已录入年份"
        ordering = ["layer", "year"]
        constraints = [models.UniqueConstraint(fields=["layer", "year"], name="coveredyear_unique_layer_year")]

    def __str__(self) -> str:
        return f"{self.get_layer_display()} {self.year} 年（{self.get_status_display()}）"

    def get_additional_data(self):
        # Notice layers are shared by every zone; the key is kept so zone-wide log filters see it.
        return {"zone": None}

    def as_coverage(self) -> engine.CoverageYear:
        return engine.CoverageYear(self.layer, self.year, self.status, self.notice, self.note)


class CalendarRevision(models.Model):
    """A single row whose token changes with every calendar entry or covered year.

    Each process caches the calendars it built under the token it read first; one
    indexed read tells it whether any process has changed the calendar since.  The
    token is random rather than a counter, so a rolled-back change can never make
    a calendar some process built from uncommitted rows look current again.
    """

    token = models.CharField(max_length=32, default="")

    class Meta:
        verbose_name = "日历版本"
        verbose_name_plural = "日历版本"

    @classmethod
    def current(cls) -> str:
        token = cls.objects.filter(pk=1).values_list("token", flat=True).first()
        if token is None:  # a fresh (or flushed) database: the row appears on first use
            token = cls.objects.get_or_create(pk=1, defaults={"token": _new_token()})[0].token
        return token

    @classmethod
    def bump(cls) -> None:
        if not cls.objects.filter(pk=1).update(token=_new_token()):
            cls.objects.get_or_create(pk=1, defaults={"token": _new_token()})


def _new_token() -> str:
    return secrets.token_hex(16)


class StoredCalendar(models.Model):
    """A calendar whose ordinals are stored in WorkdayOrdinal under ``key``, and what it was built from."""

    key = models.CharField("日历键", max_length=30, unique=True)
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                             verbose_name="开发区")
    fingerprint = models.CharField("指纹", max_length=32)
    built_at = models.DateTimeField("生成时间", auto_now=True)

    class Meta:
        verbose_name = "工作日序号表"
        verbose_name_plural = "工作日序号表"

    def __str__(self) -> str:
        return self.key


#: The index the SQL path reads ordinals from (ordinals.OrdinalOf names it on SQLite).
ORDINAL_LOOKUP_INDEX = "workdayordinal_lookup"


class WorkdayOrdinal(models.Model):
    """One day of a stored calendar: ``count(a, b) == ordinal(b) - ordinal(a)`` on the same key.

    ``key`` is "national", "xinjiang", or "zone:<id>" for a zone with overrides.  The first
    row of a key is the anchor (31 December before the first covered year, is_workday NULL).
    """

    key = models.CharField("日历键", max_length=30)
    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                             verbose_name="开发区")
    date = models.DateField("日期")
    is_workday = models.BooleanField("工作日", null=True)
    ordinal = models.IntegerField("工作日序号")
    provisional_ordinal = models.IntegerField("暂定日序号")

    class Meta:
        verbose_name = "工作日序号"
        verbose_name_plural = "工作日序号"
        constraints = [models.UniqueConstraint(fields=["key", "date"], name="workdayordinal_unique_key_date")]
        # The SQL path looks up (key, date) and reads an ordinal: with the ordinals in the
        # index the look-up never reads the table itself.
        indexes = [
            models.Index(fields=["key", "date", "ordinal", "provisional_ordinal"], name=ORDINAL_LOOKUP_INDEX)
        ]
