"""duban worker: runs the background tasks (case imports, reminders) until stopped.

django-tasks-db's ``db_worker`` with a heartbeat, and the tasks of dead workers re-queued once or
marked failed (duban/jobs/reaping.py).  Run one under systemd (deploy/duban-worker.service); more
than one may run, on this host or others sharing the database.
"""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from duban.jobs.runner import make_worker


class Command(DbWorkerCommand):
    help = "运行后台任务（办件导入、提醒等），直到收到停止信号；先做完手上的任务再退出"

    def handle(self, *, verbosity, interval, batch, max_tasks, worker_id, **options):
        self.configure_logging(verbosity)
        worker = make_worker(batch=batch, interval=interval, max_tasks=max_tasks, worker_id=worker_id)
        worker.configure_signals()
        worker.run()
