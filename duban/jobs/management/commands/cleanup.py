"""duban cleanup [--enqueue]: the nightly housekeeping — every cleaner the apps registered
(expired export files, plan uploads never confirmed); safe to run at any time.  ``--enqueue`` hands
it to the worker (the nightly timer)."""

from duban.jobs.commands import TaskCommand
from duban.jobs.housekeeping import clean_all, cleanup_task


class Command(TaskCommand):
    help = "清理过期文件：超过保留期限的导出文件、未确认的方案导入文件等；可重复运行"
    task = cleanup_task
    task_name = "清理任务"

    def run(self) -> str:
        return clean_all()
