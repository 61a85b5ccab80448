"""duban remind [--date YYYY-MM-DD] [--enqueue]: every app's reminders for the day; safe to run
repeatedly.  ``--enqueue`` hands the run to the background worker (the daily systemd timer does)."""

from datetime import date

from django.core.management.base import BaseCommand

from duban.clock import today
from duban.errors import UserInputError
from duban.notifications.reminders import run_all
from duban.notifications.tasks import send_reminders


class Command(BaseCommand):
    help = "刷新各任务红黄绿灯状态，发送台账、督办通知等到期和逾期提醒（重复运行不会重复发送）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按此日期计算（默认今天），格式 2020-06-30")
        parser.add_argument("--enqueue", action="store_true",
                            help="交给后台进程（duban worker）执行：运行记录在后台任务中，进程中断会重新执行")

    def handle(self, *args, **options):
        try:
            day = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as error:
            raise UserInputError(f"日期格式不正确：{options['date']}（应为 2020-06-30）") from error
        if options["enqueue"]:
            result = send_reminders.enqueue(day.isoformat() if day else None)
            self.stdout.write(f"已交给后台进程：提醒任务 {result.id}")
            return
        day = day or today()
        sent = run_all(day)
        details = "，".join(f"{name} {n} 条" for name, n in sent.items())
        self.stdout.write(f"{day.isoformat()}：发送提醒 {sum(sent.values())} 条（{details}）")
