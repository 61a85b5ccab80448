from django.contrib import admin

from .editing import appeals_frozen
from .models import Appeal, Entry, FinalLine, FinalScore, Scheme


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    # The scheme is edited on the assessment office's page, which validates it as a whole.
    list_display = ["plan", "style", "finalised_at", "zone"]
    readonly_fields = [f.name for f in Scheme._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # A finalised scheme carries its snapshot (FinalScore, FinalLine): deleting it — or the plan
        # it belongs to, which the admin refuses when a related object may not be deleted — would
        # erase the year's result.
        if obj is not None and obj.is_final:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["department", "rule", "document", "date", "zone"]
    list_filter = ["zone"]
    readonly_fields = [f.name for f in Entry._meta.fields]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.rule.scheme.is_final:  # counted in the snapshot
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ["case", "outcome", "decided_on", "zone"]
    list_filter = ["zone", "outcome"]
    readonly_fields = [f.name for f in Appeal._meta.fields]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and appeals_frozen(obj.zone_id, obj.case.received_on.year):
            return False
        return super().has_delete_permission(request, obj)


class FinalLineInline(admin.TabularInline):
    model = FinalLine
    extra = 0
    can_delete = False
    readonly_fields = ["order", "kind", "rule", "numbers", "points", "note"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FinalScore)
class FinalScoreAdmin(admin.ModelAdmin):
    # The finalised snapshot: read-only, never deleted from here.
    list_display = ["department_name", "scheme", "total", "grade", "rank"]
    readonly_fields = [f.name for f in FinalScore._meta.fields]
    inlines = [FinalLineInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
