from django.contrib import admin

from .models import Notification, Webhook, WebhookDelivery


class DeliveryInline(admin.TabularInline):
    """What was posted to the robot, and any error: read-only, the reminders write it."""

    model = WebhookDelivery
    extra = 0
    readonly_fields = ["key", "sent_at", "error"]
    ordering = ["-sent_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ["zone", "kind", "url", "active"]
    inlines = [DeliveryInline]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "created_at", "read_at"]
    list_filter = ["zone"]
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False
