"""系统管理 shows the reconciliation read-only: it moves only through flow.py, which records who did what."""

from django.contrib import admin

from .models import Attachment, CarryOver, Line, LineStep, Reconciliation, Sheet


class ReadOnly(admin.ModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False


class StepInline(ReadOnlyInline):
    model = LineStep


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    exclude = ["stored_name"]


@admin.register(Reconciliation)
class ReconciliationAdmin(ReadOnly):
    list_display = ["plan", "state", "opened_at", "closed_at", "carried_to", "zone"]
    list_filter = ["zone", "state"]


@admin.register(Sheet)
class SheetAdmin(ReadOnly):
    list_display = ["department", "reconciliation", "state", "confirmed_by", "confirmed_at"]
    list_filter = ["state", "reconciliation"]


@admin.register(Line)
class LineAdmin(ReadOnly):
    list_display = ["item", "department", "is_lead", "state", "request", "decision", "decided_at"]
    list_filter = ["state", "decision", "department"]
    inlines = [StepInline, AttachmentInline]


@admin.register(CarryOver)
class CarryOverAdmin(ReadOnly):
    list_display = ["source", "target", "reconciliation", "created_at"]
