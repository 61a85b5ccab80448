"""A management command that does its work at once, or with ``--enqueue`` hands it to the worker
(as the nightly timers run it)."""

from django.core.management.base import BaseCommand


class TaskCommand(BaseCommand):
    #: The task ``--enqueue`` hands to the worker, and what it is called in the message saying so.
    task = None
    task_name = "任务"

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true",
                            help="交给后台进程（duban worker）执行（每日定时器这样运行）")

    def run(self) -> str:
        """Do the work now; what was done, in Chinese."""
        raise NotImplementedError

    def handle(self, *args, **options):
        if options["enqueue"]:
            result = self.task.enqueue()
            self.stdout.write(f"已交给后台进程：{self.task_name} {result.id}")
            return
        self.stdout.write(self.run())
