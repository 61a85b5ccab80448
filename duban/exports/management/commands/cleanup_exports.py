"""duban cleanup_exports [--enqueue]: remove export files past their keeping time (and files no
export names); safe to run at any time.  ``--enqueue`` hands it to the worker (the nightly timer)."""

from django.core.management.base import BaseCommand

from duban.exports.cleanup import cleanup_task, remove_expired


class Command(BaseCommand):
    help = "删除超过保留期限的导出文件（以及没有导出记录的残留文件）；可重复运行"

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true",
                            help="交给后台进程（duban worker）执行（每日定时器这样运行）")

    def handle(self, *args, **options):
        if options["enqueue"]:
            result = cleanup_task.enqueue()
            self.stdout.write(f"已交给后台进程：导出文件清理任务 {result.id}")
            return
        self.stdout.write(str(remove_expired()))
