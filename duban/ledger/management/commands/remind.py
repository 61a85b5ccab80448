"""duban remind [--date YYYY-MM-DD]: refresh statuses and send due reminders; safe to run repeatedly (cron)."""

from datetime import date

from django.core.management.base import BaseCommand

from duban.clock import today
from duban.errors import UserInputError
from duban.ledger.reminders import remind_all


class Command(BaseCommand):
    help = "刷新各任务红黄绿灯状态，并发送即将到期、今日到期和逾期的台账催办提醒（重复运行不会重复发送）"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按此日期计算（默认今天），格式 2020-06-30")

    def handle(self, *args, **options):
        try:
            day = date.fromisoformat(options["date"]) if options["date"] else today()
        except ValueError as error:
            raise UserInputError(f"日期格式不正确：{options['date']}（应为 2020-06-30）") from error
        run = remind_all(day)
        self.stdout.write(f"{day.isoformat()}：发送提醒 {run.notifications} 条（涉及 {run.departments} 个部门周期）")
