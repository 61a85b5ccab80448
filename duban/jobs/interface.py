"""Django's Tasks interface, from one place.

On Django 5.2 it is the ``django-tasks`` backport with the ``django-tasks-db`` database backend;
from Django 6.0 it is ``django.tasks`` itself.  Apps define and enqueue tasks through these names
only, so moving to Django 6 changes this file and nothing else.
"""

try:  # Django 6.0+
    from django.tasks import TaskResultStatus, default_task_backend, task
    from django.tasks.signals import task_finished
except ImportError:  # Django 5.2: the backport
    from django_tasks import TaskResultStatus, default_task_backend, task
    from django_tasks.signals import task_finished

__all__ = ["TaskResultStatus", "default_task_backend", "task", "task_finished"]
