"""A user belongs to one department of one zone and holds one or more roles."""

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from duban.zones.models import Department, Zone


class Role(models.TextChoices):
    OFFICE = "office", "领导小组办公室"
    LIAISON = "liaison", "部门联络员"
    HEAD = "head", "部门负责人"
    ASSESSOR = "assessor", "绩效办"
    LEADER = "leader", "领导"
    # Above the zones: keeps the layers every zone shares (the national and regional working-day
    # calendars).  Granted by the system administrator in 系统管理; a zone office never holds it.
    PROVINCE = "province", "省级管理员"


class User(AbstractUser):
    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name="开发区",
        help_text="系统管理员可不属于任何开发区",
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name="部门",
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def clean(self):
        super().clean()
        # Permissions read the zone and the department apart: they must agree (the admin's form
        # runs this; the demo and tests create users of the zone's own departments).
        if self.department_id and self.department.zone_id != self.zone_id:
            raise ValidationError({"department": "部门须属于该用户所在的开发区"})

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(self.role_grants.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    def role_labels(self) -> list[str]:
        return [Role(r).label for r in sorted(self.roles)]


class UserRole(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants", verbose_name="用户")
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "用户角色"
        verbose_name_plural = "用户角色"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="userrole_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"
