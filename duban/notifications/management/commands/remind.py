"""duban remind [--date YYYY-MM-DD]: every app's reminders for the day; safe to run repeatedly (cron)."""

from datetime import date

from django.core.management.base import BaseCommand

from duban.clock import today
from duban.errors import UserInputError
from duban.notifications.reminders import run_all


class Command(BaseCommand):
    help = "刷新各任务红黄绿灯状态，发送台账、督办通知等到期和逾期提醒（重复运行不会重复发送）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按此日期计算（默认今天），格式 2020-06-30")

    def handle(self, *args, **options):
        try:
            day = date.fromisoformat(options["date"]) if options["date"] else today()
        except ValueError as error:
            raise UserInputError(f"日期格式不正确：{options['date']}（应为 2020-06-30）") from error
        sent = run_all(day)
        details = "，".join(f"{name} {n} 条" for name, n in sent.items())
        self.stdout.write(f"{day.isoformat()}：发送提醒 {sum(sent.values())} 条（{details}）")
