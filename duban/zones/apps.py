from django.apps import AppConfig


class ZonesConfig(AppConfig):
    name = "duban.zones"
    verbose_name = "开发区与部门"
