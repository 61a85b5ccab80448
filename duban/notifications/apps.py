from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "duban.notifications"
    verbose_name = "消息通知"
