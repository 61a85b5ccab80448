"""duban demo [--no-serve] [--addrport 127.0.0.1:8000]: the demo zone with the seed plan, served."""

import os
from datetime import date

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from duban import clock
from duban.accounts.models import Role
from duban.demo.loading import (
    DEMO_TODAY, load_accounts, load_assessment, load_cases, load_ledger, load_meetings, load_notices, load_plan,
    load_zone,
)
from duban.demo.reconciliation import load_reconciliation
from duban.demo.safety import refuse_foreign_database, refuse_without_debug


class Command(BaseCommand):
    help = "载入演示开发区“准东开发区”、示例方案和演示账号，并在本机启动服务（可重复运行）"

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="只载入数据，不启动服务")
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="服务地址，默认 127.0.0.1:8000")
        parser.add_argument("--today", default=DEMO_TODAY,
                            help=f"演示时钟：按此日期展示 2020 年方案的推进情况（默认 {DEMO_TODAY}，年底对账销号中；"
                                 "设为空则用真实日期，展示全年）")
        parser.add_argument("--allow-no-debug", action="store_true",
                            help="DEBUG 关闭时仍载入演示数据（仅用于专门的演示服务器；演示账号的密码是公开的）")

    def handle(self, *args, **options):
        refuse_without_debug(options["allow_no_debug"])
        if options["today"]:
            try:
                date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"--today 须为日期，如 {DEMO_TODAY}（或设为空，用真实日期）：{options['today']}") from None
            # The served demo runs in this process, so the pinned clock reaches every request.
            os.environ["DUBAN_TODAY"] = options["today"]
        # Before anything is written, migrate included: never alter a database that is not the demo's,
        # nor take over a real zone's accounts.
        refuse_foreign_database()
        call_command("migrate", interactive=False, verbosity=0)
        zone = load_zone()
        plan = load_plan(zone, replayed=True)
        accounts = load_accounts(zone)
        demo_day = clock.today()  # the pinned day, or the real one: as the pages will see it
        load_cases(zone, plan, demo_day)  # before the ledger: its RAG reads the measured targets
        load_ledger(plan, demo_day)
        load_meetings(plan, demo_day)
        load_notices(plan, demo_day)
        load_reconciliation(plan, demo_day)  # after the ledger and meetings: its sheets show them
        load_assessment(plan, demo_day)  # after the data it scores: computed, not finalised
        self.stdout.write(self.style.SUCCESS(f"演示开发区：{zone.name}；方案：《{plan.title}》"))
        if options["today"]:
            self.stdout.write(f"演示时钟：{options['today']}（页面按此日期计算逾期与红黄绿灯）")
        self.stdout.write(f"访问地址：http://{options['addrport']}/")
        self.stdout.write("演示账号（用户名 / 密码 / 部门 / 角色）：")
        for a in accounts:
            roles = "、".join(Role(r).label for r in a.roles)
            self.stdout.write(f"  {a.username:<14}{a.password:<18}{a.department:<8}{roles}")
        if not options["no_serve"]:
            # Large case imports and `remind --enqueue` are background tasks: a worker runs beside
            # the demo server (inheriting the pinned clock) and stops with it.
            import signal
            import subprocess
            import sys

            worker = subprocess.Popen([sys.executable, "-m", "duban", "worker", "--no-startup-delay", "-v0"])
            for stop in (signal.SIGTERM, signal.SIGHUP):  # stopped otherwise than by Ctrl-C: stop the worker too
                signal.signal(stop, lambda *_: sys.exit(0))
            try:
                call_command("runserver", options["addrport"], use_reloader=False)
            finally:
                worker.terminate()
                worker.wait(60)
