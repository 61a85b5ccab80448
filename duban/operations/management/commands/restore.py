"""duban restore ARCHIVE: checks the whole archive first, then swaps the database and the files in."""

from pathlib import Path

from django.core.management.base import BaseCommand

from duban.errors import UserInputError
from duban.operations import backup
from duban.operations.archive import ArchiveError


class Command(BaseCommand):
    help = "从 duban backup 的归档恢复数据库和文件（先完整校验；请先停止网站和后台进程）"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="duban backup 生成的 .tar.gz 归档")
        parser.add_argument("--check", action="store_true", help="只校验归档（校验值、版本、迁移），不恢复")
        parser.add_argument("--yes", action="store_true", help="不再询问确认")
        parser.add_argument("--force", action="store_true",
                            help="不检查网站和后台进程是否仍在运行（仅供确知无人使用时；运行中写入的数据会丢失）")

    def handle(self, *args, archive, **options):
        path = Path(archive)
        if not path.is_file():
            raise UserInputError(f"{archive}：文件不存在")
        try:
            if options["check"]:
                import tempfile

                with tempfile.TemporaryDirectory() as work:
                    manifest = backup.check(path, Path(work))
                self.stdout.write(f"{path.name}：完好（督办 {manifest.version}，{manifest.created_at}，"
                                  f"{len(manifest.members)} 个文件校验一致）")
                return
            if not options["yes"] and input("恢复将替换当前全部数据和文件（旧数据会改名保留）。输入 yes 继续：") != "yes":
                raise UserInputError("已取消，未做任何改动")
            if options["force"]:
                self.stderr.write("警告：--force：未检查督办的网站和后台进程是否在运行。恢复期间它们写入的数据会丢失，"
                                  "恢复后它们仍连着旧数据；恢复完成后请立即重启（systemctl restart duban-web duban-worker）")
            restored = backup.restore(path, force=options["force"])
        except ArchiveError as error:
            raise UserInputError(f"{error}。当前数据未被改动") from error
        self.stdout.write(f"已从 {path.name} 恢复（督办 {restored.manifest.version}，备份于 {restored.manifest.created_at}）")
        if restored.kept_database:
            self.stdout.write(f"原数据库已改名为 {restored.kept_database}，确认无误后可删除")
        if restored.kept_files:
            self.stdout.write(f"原文件目录已改名为 {restored.kept_files}，确认无误后可删除")
