"""The worker: django-tasks-db's, with a heartbeat and the reaping of dead workers' tasks."""

from __future__ import annotations

import logging
import signal
import threading

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from . import reaping, workers

log = logging.getLogger("duban.jobs")


class DurableWorker(Worker):
    """Registers itself, reaps what dead workers left, then runs tasks while a thread beats.

    Stopped by SIGTERM or SIGINT it finishes the task in hand first (django-tasks-db's own
    handling) and removes its heartbeat; killed outright it leaves the heartbeat behind, and the
    next worker to look re-queues or fails its task (``reaping``).
    """

    def run(self) -> None:
        workers.register(self.worker_id)
        reaping.reap()
        stop = threading.Event()
        heart = threading.Thread(target=self._beat, args=(stop,), name="duban-heartbeat", daemon=True)
        heart.start()
        try:
            super().run()
        finally:
            stop.set()
            heart.join(timeout=5)
            workers.unregister(self.worker_id)

    def shutdown(self, signum: int, frame) -> None:
        """The first SIGTERM/SIGINT only asks the worker to stop after its turn.

        django-tasks-db exits at once (SystemExit) when no task runs, wherever the signal lands,
        e.g. in the middle of its claim transaction, before the heartbeat is removed (on PostgreSQL
        a stopped worker's heartbeat was seen left behind).  Idle, it now stops within
        ``--interval`` (1 s) at the end of its turn; a second signal still ends it at once.
        """
        if not self.running:
            super().shutdown(signum, frame)
            return
        log.warning("收到停止信号（%s）：做完本轮后停止", signal.Signals(signum).name)
        self.running = False

    def _beat(self, stop: threading.Event) -> None:
        try:
            while not stop.wait(settings.DUBAN_WORKER_BEAT_SECONDS):
                try:
                    workers.beat(self.worker_id)
                    reaping.reap()
                except DatabaseError as error:  # e.g. SQLite busy under a long import: next beat
                    log.warning("后台进程心跳未写入：%s", error)
        finally:
            connection.close()


def make_worker(*, batch: bool = False, interval: float = 1.0, max_tasks: int | None = None,
                worker_id: str | None = None, durable: bool = True) -> Worker:
    cls = DurableWorker if durable else Worker
    return cls(queue_names=["default"], interval=interval, batch=batch, backend_name="default",
               startup_delay=False, max_tasks=max_tasks, worker_id=worker_id or get_random_string(32),
               excluded_queue_names=[])


def run_pending() -> int:
    """Run every ready task in this process, one after the other, and return how many ran.

    Each is claimed and run by django-tasks-db's own ``run_task``, as in a worker, but without the
    worker's polling loop (which closes the database connection between tasks, as a long-running
    process must and a test inside its transaction must not).
    """
    worker = make_worker(batch=True, interval=0, durable=False)
    ran = 0
    while True:
        with transaction.atomic():
            result = DBTaskResult.objects.ready().filter(backend_name=worker.backend_name).get_locked()
            if result is None:
                return ran
            result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
