"""Keeping the trail's "who": a user who appears in it cannot be deleted.

``LogEntry.actor`` is ``SET_NULL``: deleting a user would silently erase who made each of their
changes.  A user who has left is deactivated instead (``is_active``), which keeps the name.
"""

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models.signals import pre_delete
from django.dispatch import receiver


@receiver(pre_delete, sender=get_user_model(), dispatch_uid="audit-keep-actors")
def keep_actors(sender, instance, **kwargs):
    if LogEntry.objects.filter(actor=instance).exists():
        raise PermissionDenied(f"用户“{instance}”在审计日志中有操作记录，不能删除；如已离岗，请停用该账号。")
