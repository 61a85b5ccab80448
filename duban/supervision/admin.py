from django.contrib import admin

from .models import Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["pk", "item", "department", "reply_due", "issued_at", "replied_at", "zone"]
    list_filter = ["zone", "department"]
    search_fields = ["instruction", "reply"]
    date_hierarchy = "reply_due"
    readonly_fields = ["issued_by", "issued_at", "replied_by", "replied_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.issued_by = request.user
        super().save_model(request, obj, form, change)
