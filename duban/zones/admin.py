from django.contrib import admin

from .models import Department, Zone


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0
    fields = ["name", "short_name", "aliases", "kind", "order"]


@admin.register(Zone)
class ZoneAdmin(admin.ModelAdmin):
    list_display = ["name", "calendar_region", "created_at"]
    inlines = [DepartmentInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "zone"]
    list_filter = ["zone", "kind"]
    search_fields = ["name", "short_name"]
