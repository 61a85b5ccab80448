from django.contrib import admin

from .models import Appeal, Entry, FinalLine, FinalScore, Scheme


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    # The scheme is edited on the assessment office's page, which validates it as a whole.
    list_display = ["plan", "style", "finalised_at", "zone"]
    readonly_fields = [f.name for f in Scheme._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["department", "rule", "document", "date", "zone"]
    list_filter = ["zone"]
    readonly_fields = [f.name for f in Entry._meta.fields]


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ["case", "outcome", "decided_on", "zone"]
    list_filter = ["zone", "outcome"]
    readonly_fields = [f.name for f in Appeal._meta.fields]


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
