from django.contrib import admin

from .models import Assignment, Item, Plan, Target, Task


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    fields = ["number", "title", "order"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    fields = ["department", "role", "order"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["subject", "kind", "comparator", "value", "unit", "order"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "zone", "source_name", "imported_at"]
    list_filter = ["zone", "year"]
    exclude = ["source_file"]
    readonly_fields = ["checksum", "source_name", "imported_at", "imported_by"]
    inlines = [TaskInline]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "plan"]
    list_filter = ["plan"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["__str__", "deadline", "task"]
    list_filter = ["task__plan"]
    search_fields = ["text"]
    inlines = [AssignmentInline, TargetInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["item", "department", "role"]
    list_filter = ["role", "department"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["subject", "comparator", "value", "unit", "kind", "item"]
    list_filter = ["kind"]
