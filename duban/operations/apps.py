from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "duban.operations"
    verbose_name = "运行维护"
