"""duban cleanup_exports [--enqueue]: remove export files past their keeping time (and files no
export names); safe to run at any time.  ``--enqueue`` hands it to the worker.  The nightly timer
runs ``duban cleanup``, which does this among the other apps' cleanups."""

from duban.exports.cleanup import cleanup_task, remove_expired
from duban.jobs.commands import TaskCommand


class Command(TaskCommand):
    help = "删除超过保留期限的导出文件（以及没有导出记录的残留文件）；可重复运行"
    task = cleanup_task
    task_name = "导出文件清理任务"

    def run(self) -> str:
        return str(remove_expired())
