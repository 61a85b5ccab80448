"""duban backup: one archive of the database and the uploaded files (duban/operations/archive.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from duban.errors import UserInputError
from duban.operations import backup
from duban.operations.archive import ArchiveError


class Command(BaseCommand):
    help = "备份数据库和上传的文件到一个归档文件（可在网站运行时进行）"

    def add_arguments(self, parser):
        parser.add_argument("--output", help="归档文件路径（默认在 --output-dir 中按版本和时间命名）")
        parser.add_argument("--output-dir", help="归档文件所在目录（默认 DUBAN_VAR_DIR 下的 backups/）")
        parser.add_argument("--keep", type=int, help="只保留该目录中最新的这么多个备份，删除更早的")

    def handle(self, *args, **options):
        directory = Path(options["output_dir"] or Path(settings.VAR_DIR) / "backups")
        path = Path(options["output"]) if options["output"] else directory / backup.archive_name()
        try:
            manifest = backup.create(path)
            if not backup.private_directory(path.parent):
                self.stderr.write(f"警告：备份目录 {path.parent} 其他用户可以访问，备份中有全部数据和密码散列，"
                                  f"请执行 chmod 700 {path.parent}")
        except ArchiveError as error:
            raise UserInputError(str(error)) from error
        files = sum(1 for m in manifest.members if m.startswith("files/"))
        self.stdout.write(f"已备份到 {path}（{path.stat().st_size / 1048576:.1f} MB：数据库、{files} 个文件，"
                          f"督办 {manifest.version}，{len(manifest.migrations)} 个迁移）")
        if options["keep"]:
            for old in backup.prune(path.parent, options["keep"]):
                self.stdout.write(f"已删除旧备份 {old.name}")
