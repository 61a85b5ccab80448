from django.contrib import admin

from .models import Decision, Meeting


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    fields = ["text", "owner", "due", "status", "done_at", "done_by", "done_note"]
    readonly_fields = ["done_at", "done_by"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "title", "host", "plan", "zone", "recorded_by"]
    list_filter = ["zone", "plan"]
    search_fields = ["title", "minutes", "chair"]
    date_hierarchy = "date"
    filter_horizontal = ["attendees", "items"]
    readonly_fields = ["recorded_by", "recorded_at"]
    inlines = [DecisionInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for decision in formset.save(commit=False):
            decision.zone_id = form.instance.zone_id
            decision.save()
        for decision in formset.deleted_objects:
            decision.delete()


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["text", "meeting", "owner", "due", "status"]
    list_filter = ["zone", "status"]
    search_fields = ["text"]
    readonly_fields = ["done_at", "done_by"]
