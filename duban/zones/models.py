"""Zone (开发区) and Department (部门): the registry a plan's department names are matched against."""

from django.db import models
from django.db.models.functions import Lower


class Zone(models.Model):
    """An administration that runs plans; one deployment may host many zones (tenants)."""

    class Region(models.TextChoices):
        NATIONAL = "national", "全国"
        XINJIANG = "xinjiang", "新疆"

    name = models.CharField("名称", max_length=100, unique=True)
    calendar_region = models.CharField(
        "工作日历地区", max_length=20, choices=Region.choices, default=Region.NATIONAL,
        help_text="计算工作日时在全国节假日之外叠加的地区节日",
    )
    # Set only by `duban demo` on the zone it creates: the demo may reload and reset what it made,
    # and nothing else (a real 准东开发区 with a real user named "office" is never taken over).
    is_demo = models.BooleanField("演示开发区", default=False, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "开发区"
        verbose_name_plural = "开发区"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    class Kind(models.TextChoices):
        # The values are the Chinese words the parser emits, so a draft's kind maps 1:1.
        INTERNAL = "内设机构", "内设机构"
        STATIONED = "派驻机构", "派驻机构"
        COUNTY_OFFICE = "县协调办", "县协调办"
        ENTERPRISE = "企业", "企业"
        OTHER = "其他", "其他"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="departments", verbose_name="开发区")
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=50, blank=True)
    aliases = models.JSONField("别名", default=list, blank=True, help_text="方案中可能出现的其他写法")
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.OTHER)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["zone", "order", "name"]
        constraints = [models.UniqueConstraint("zone", Lower("name"), name="department_unique_name_per_zone")]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def spellings(self) -> set[str]:
        """Every way a plan may write this department: name, short name and aliases."""
        return {s for s in [self.name, self.short_name, *self.aliases] if s}
