from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User, UserRole


class UserRoleInline(admin.TabularInline):
    model = UserRole
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "zone", "department", "is_active"]
    list_filter = ["zone", "is_active"]
    fieldsets = [*BaseUserAdmin.fieldsets, ("开发区与部门", {"fields": ["zone", "department"]})]
    inlines = [UserRoleInline]
