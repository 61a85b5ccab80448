"""系统管理 › 后台进程: the workers' heartbeats, for the system administrator to see what runs where
and since when (a restarted worker is a new row with a new start)."""

from django.contrib import admin
from django.utils import timezone

from .models import WorkerBeat
from .workers import is_dead


@admin.register(WorkerBeat)
class WorkerBeatAdmin(admin.ModelAdmin):
    list_display = ["host", "pid", "started_at", "seen_at", "alive"]
    ordering = ["-started_at"]

    @admin.display(boolean=True, description="运行中")
    def alive(self, beat: WorkerBeat) -> bool:
        return not is_dead(beat, timezone.now())

    # Written by the workers themselves: shown, never edited.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
