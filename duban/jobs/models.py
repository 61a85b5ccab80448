"""A running background worker's heartbeat (the tasks themselves are django-tasks-db's rows)."""

from django.db import models


class WorkerBeat(models.Model):
    """One ``duban worker`` process: where it runs and when it last said it was alive.

    The worker writes ``seen_at`` every ``DUBAN_WORKER_BEAT_SECONDS`` from a thread of its own and
    deletes its row when it stops cleanly; a row left behind is a worker that died.
    """

    worker_id = models.CharField("进程标识", max_length=64, primary_key=True)
    host = models.CharField("主机", max_length=255)
    pid = models.PositiveIntegerField("进程号")
    started_at = models.DateTimeField("启动时间")
    seen_at = models.DateTimeField("最近心跳")

    class Meta:
        verbose_name = "后台进程"
        verbose_name_plural = "后台进程"

    def __str__(self) -> str:
        return f"{self.host}:{self.pid}"
