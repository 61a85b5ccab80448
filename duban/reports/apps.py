from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "duban.reports"
    verbose_name = "公文"
