"""duban serve: the production web server — gunicorn on duban.wsgi, static files by WhiteNoise.

It collects the static files first (duban's own and the npm packages', with hashed names), and
refuses to start on a database with migrations not yet applied: an upgrade is backup, then
``duban migrate``, then serve (README, Production).  It holds the installation's lock while it
runs (``running``), so ``duban restore`` refuses to swap the data under it, and it does not start
while a restore is under way.
"""

import os
import shutil
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import OperationalError, connection
from django.db.migrations.executor import MigrationExecutor

from duban.errors import UserInputError
from duban.operations import running


class Command(BaseCommand):
    help = "以生产方式运行网站：收集静态文件，检查数据库迁移，用 gunicorn 提供服务"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("DUBAN_BIND", "127.0.0.1:8000"),
                            help="监听地址（默认 DUBAN_BIND 或 127.0.0.1:8000），反向代理转发到此")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("DUBAN_WEB_WORKERS", "3")),
                            help="gunicorn 工作进程数（默认 DUBAN_WEB_WORKERS 或 3）")
        parser.add_argument("--timeout", type=int, default=int(os.environ.get("DUBAN_WEB_TIMEOUT", "120")),
                            help="一个请求最长处理秒数，超过则重启该工作进程（默认 120）")
        parser.add_argument("--no-collectstatic", action="store_true", help="不收集静态文件（已收集过时）")

    def handle(self, *args, **options):
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        try:
            executor = MigrationExecutor(connection)
            pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        except OperationalError as error:
            raise UserInputError(f"无法连接数据库（DATABASE_URL）：{error}") from error
        if pending:
            raise UserInputError(f"数据库有 {len(pending)} 个迁移尚未应用：请先备份（duban backup），"
                                 "再运行 duban migrate，然后启动")
        try:
            # Kept through the exec by gunicorn and its workers: `duban restore` sees the site runs.
            running.hold_while_serving()
        except running.SiteBusy as error:
            raise UserInputError(str(error)) from error
        connection.close()  # gunicorn's workers open their own
        gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
        argv = [gunicorn, "duban.wsgi:application", "--bind", options["bind"],
                "--workers", str(options["workers"]), "--timeout", str(options["timeout"]),
                # Requests go to standard output, errors to standard error (the journal under systemd).
                "--access-logfile", "-", "--error-logfile", "-",
                # gunicorn's control socket (gunicornc) would be a file gunicorn.ctl written under the
                # home or working directory, /opt/duban; duban is stopped and reloaded by systemd.
                "--no-control-socket"]
        self.stdout.write(f"督办：gunicorn 监听 {options['bind']}，{options['workers']} 个工作进程")
        self.stdout.flush()
        os.execv(gunicorn, argv)
