"""Chinese names for the third-party apps the admin (系统管理) lists: django-auditlog and
django-axes ship no zh-hans translation, so their sections would read "Audit log", "Axes".

Each class keeps its library's own app config (and its ready()); only the names change.
Field labels inside their admin pages stay as the libraries wrote them.
"""

from auditlog.apps import AuditlogConfig
from axes.apps import AppConfig as AxesAppConfig

#: django-axes' models by name, with the Chinese their admin lists show.
AXES_MODEL_NAMES = {
    "AccessAttempt": "登录失败记录",
    "AccessFailureLog": "登录失败日志",
    "AccessAttemptExpiration": "登录锁定到期",
    "AccessLog": "登录日志",
}


class Auditlog(AuditlogConfig):
    verbose_name = "审计记录（原始）"


class Axes(AxesAppConfig):
    verbose_name = "登录安全"

    def ready(self):
        super().ready()
        for model in self.get_models():
            name = AXES_MODEL_NAMES.get(model.__name__)
            if name:
                model._meta.verbose_name = model._meta.verbose_name_plural = name
