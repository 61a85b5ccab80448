"""One export a user asked for: what, for whom, how far it got, and the file it produced."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from duban.zones.models import Zone


class Export(models.Model):
    """A file built from the zone's data with its requester's rights (``kinds``), stored under
    MEDIA_ROOT/exports until ``expires_at`` and served to the requester only."""

    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+", verbose_name="开发区")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="exports", verbose_name="导出人")
    #: The registered kind (``kinds.get``) that checks and writes it, e.g. "ledger" or "cases".
    kind = models.CharField("类型", max_length=40)
    title = models.CharField("内容", max_length=300)
    #: What the kind needs to build it again (ids, filters, the day it is "as of"): plain JSON.
    parameters = models.JSONField("导出条件", default=dict)
    file_name = models.CharField("文件名", max_length=255)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.QUEUED)
    #: Rows counted when it was asked for (the progress bar's end; the file may differ by a few).
    total_rows = models.PositiveIntegerField("行数", default=0)
    processed_rows = models.PositiveIntegerField("已写入行数", default=0)
    progress_at = models.DateTimeField("最近进展", null=True, blank=True)
    #: The background task that builds it (django-tasks-db); empty when built in the request.
    task_id = models.CharField("后台任务", max_length=64, blank=True, db_index=True)
    #: The file's random name under MEDIA_ROOT/exports/<zone>/ (``files``); empty once removed.
    stored_name = models.CharField("存储名", max_length=64, blank=True)
    size = models.PositiveBigIntegerField("文件大小", null=True, blank=True)
    message = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    expires_at = models.DateTimeField("保留至", null=True, blank=True)

    class Meta:
        verbose_name = "导出"
        verbose_name_plural = "导出"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"]), models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_state_display()}）"

    def get_additional_data(self):
        return {"zone": self.zone_id}

    def get_absolute_url(self) -> str:
        return reverse("exports:detail", args=[self.pk])

    def next_url(self) -> str:
        """Where the user goes once it is asked for: the file itself when it was built at once (the
        browser downloads it and stays on the page), else the export's page with its progress."""
        return reverse("exports:download", args=[self.pk]) if self.available else self.get_absolute_url()

    @property
    def in_progress(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, int(100 * self.processed_rows / self.total_rows))

    @property
    def expired(self) -> bool:
        """Done, but past its keeping time (the daily cleanup removes the file; it is not served meanwhile)."""
        return self.state == self.State.DONE and (
            not self.stored_name or (self.expires_at is not None and self.expires_at <= timezone.now()))

    @property
    def available(self) -> bool:
        return self.state == self.State.DONE and not self.expired
