"""duban backup / duban restore: a backup taken while someone writes restores, into a fresh
database and a fresh file directory, to exactly what the archive says — every table, every file;
an archive of another version, or a damaged one, is refused and the live data left as it was."""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, connections

from duban.ledger import evidence as evidence_files
from duban.ledger.models import Evidence, Report
from duban.notifications.models import Notification
from duban.operations import databases
from duban.operations.archive import ArchiveError, duban_version
from tests.processes import PROJECT, database_url
from tests.security.test_deploy import production_environment

pytestmark = pytest.mark.django_db(transaction=True)

WRITER_FIRST_VERSION = 2  # the writer's reports are versions 2, 3, … of the fixture's report


@pytest.fixture
def data(plan, water_item, liaison, office, settings, tmp_path):
    """A plan with its audit trail, a report with two evidence files (in this test's own MEDIA_ROOT),
    a few notifications."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VAR_DIR = tmp_path  # the installation's lock (duban/operations/running.py)
    assignment = water_item.assignments.get(role="lead")
    report = Report.objects.create(zone_id=plan.zone_id, assignment=assignment, department=assignment.department,
                                   item=water_item, cycle=plan.cycles.get(label="2020年6月"), is_lead=True,
                                   created_by=liaison, progress="水气报装压缩至 3 个工作日")
    for n, content in enumerate([b"%PDF-1.4 first", "第二份证明材料".encode() * 1000]):
        Evidence.objects.create(zone_id=plan.zone_id, report=report, kind=Evidence.Kind.FILE, title=f"材料{n}",
                                stored_name=evidence_files.store(plan.zone_id, content), content_type="application/pdf",
                                size=len(content), sha256=hashlib.sha256(content).hexdigest(), uploaded_by=liaison)
    for n in range(3):
        Notification.objects.create(zone_id=plan.zone_id, recipient=office, key=f"before:{n}", title=f"通知{n}")
    return plan


class Writer(threading.Thread):
    """Files a ledger report with an evidence file every few milliseconds until told to stop, as
    liaisons would while the nightly backup runs: the file stored first, then the report and the
    evidence row naming it (as the upload view does)."""

    def __init__(self, report: Report):
        super().__init__(daemon=True)
        self.report, self.saved, self.stop, self.error = report, 0, threading.Event(), None

    def run(self):
        try:
            while not self.stop.is_set():
                n = self.saved
                content = b"%PDF-1.4 " + hashlib.sha256(str(n).encode()).digest() * (2000 + 97 * (n % 50))
                stored_name = evidence_files.store(self.report.zone_id, content)
                report = Report.objects.create(
                    zone_id=self.report.zone_id, assignment_id=self.report.assignment_id,
                    department_id=self.report.department_id, item_id=self.report.item_id,
                    cycle_id=self.report.cycle_id, is_lead=True, created_by_id=self.report.created_by_id,
                    version=WRITER_FIRST_VERSION + n, progress=f"备份期间的报告{n}")
                Evidence.objects.create(zone_id=report.zone_id, report=report, kind=Evidence.Kind.FILE,
                                        title=f"备份期间的材料{n}.pdf", stored_name=stored_name,
                                        content_type="application/pdf", size=len(content),
                                        sha256=hashlib.sha256(content).hexdigest(),
                                        uploaded_by_id=self.report.created_by_id)
                self.saved += 1
                time.sleep(0.002)
        except Exception as error:  # noqa: BLE001 - the test says what went wrong
            self.error = error
        finally:
            connections.close_all()


def raw_connection(url: str):
    if url.startswith("sqlite:///"):
        return sqlite3.connect(url.removeprefix("sqlite:///"))
    import psycopg

    return psycopg.connect(url.replace("postgres://", "postgresql://", 1))


def every_table(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, read through the database's own driver."""
    conn = raw_connection(url)
    try:
        if url.startswith("sqlite"):
            names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                "AND name NOT LIKE 'sqlite_%'")]
        else:
            names = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr) for name in names}
    finally:
        conn.close()


def every_file(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in root.rglob("*") if p.is_file()}


def fresh_database(tmp_path) -> tuple[str, callable]:
    """A URL where no database is yet, and how to clean it up."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'restored' / 'duban.sqlite3'}", lambda: None
    db = dict(connection.settings_dict, NAME=f"{connection.settings_dict['NAME']}_restored")
    url = database_url(db)

    def drop():
        import psycopg

        maintenance = database_url(dict(db, NAME="postgres")).replace("postgres://", "postgresql://", 1)
        with psycopg.connect(maintenance, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}"')

    drop()
    return url, drop


def rows_as_text(tables: dict[str, list[tuple]]) -> dict[str, set[str]]:
    return {table: {repr(row) for row in rows} for table, rows in tables.items()}


def restored_evidence(url: str) -> list[tuple[int, str, str, int]]:
    """(zone, stored name, SHA-256, report version) of every evidence file in the database at ``url``."""
    conn = raw_connection(url)
    try:
        return conn.execute(f"SELECT e.zone_id, e.stored_name, e.sha256, r.version FROM {Evidence._meta.db_table} e "
                            f"JOIN {Report._meta.db_table} r ON r.id = e.report_id WHERE e.kind = 'file'").fetchall()
    finally:
        conn.close()


def test_a_backup_taken_while_reports_and_evidence_are_filed_restores_every_table_and_file(data, office, tmp_path):
    live_url = database_url()
    media = Path(settings.MEDIA_ROOT)
    # What is not data: an export, a plan upload waiting for its confirmation, a file half-written.
    for transient in ("exports/1/0123abcd", "pending-imports/token", "evidence/1/.deadbeef.part"):
        (media / transient).parent.mkdir(parents=True, exist_ok=True)
        (media / transient).write_bytes(b"transient")
    before = rows_as_text(every_table(live_url))
    writer = Writer(Report.objects.get())
    writer.start()
    try:
        while writer.saved < 5:  # filing is under way when the backup starts
            assert writer.error is None and writer.is_alive(), writer.error
            time.sleep(0.01)
        archive = tmp_path / "duban.tar.gz"
        call_command("backup", "--output", str(archive), stdout=io.StringIO())
        time.sleep(0.05)
    finally:
        writer.stop.set()
        writer.join(30)
    assert writer.error is None, writer.error
    assert writer.saved > 10  # it went on filing during the backup
    after = rows_as_text(every_table(live_url))

    target, drop = fresh_database(tmp_path)
    env = production_environment(tmp_path / "var", DATABASE_URL=target)
    try:
        result = subprocess.run([sys.executable, "-m", "duban", "restore", str(archive), "--yes"], cwd=PROJECT,
                                env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "已从 duban.tar.gz 恢复" in result.stdout
        restored = rows_as_text(every_table(target))
        evidence = restored_evidence(target)
    finally:
        drop()

    # Every table: a snapshot of one moment — all that was there before the backup began, nothing
    # that was not also live afterwards (only additions were made meanwhile).
    assert set(restored) == set(after)
    for table, rows in restored.items():
        assert before[table] <= rows <= after[table], f"{table} is not a snapshot of the live table"
    # The writer's reports: the first ones up to some moment, none missing in between.
    versions = sorted(v for *_, v in evidence if v >= WRITER_FIRST_VERSION)
    assert versions == list(range(WRITER_FIRST_VERSION, WRITER_FIRST_VERSION + len(versions)))
    assert 5 <= len(versions) < writer.saved
    # Every file a restored row names is there, whole; every restored file is the live one, byte for
    # byte; what is not data was left out.
    files = every_file(tmp_path / "var" / "files")
    live_files = every_file(media)
    assert len(evidence) >= 2 + 5
    for zone_id, stored_name, sha256, _version in evidence:
        assert files[f"evidence/{zone_id}/{stored_name}"] == sha256
    assert files.items() <= live_files.items()
    assert not [name for name in files if name.startswith(("exports/", "pending-imports/")) or "/." in name]


def test_the_archive_lists_version_migrations_and_checksums_last_and_is_private(data, tmp_path):
    folder = tmp_path / "backups"
    call_command("backup", "--output-dir", str(folder), stdout=io.StringIO())
    (archive,) = folder.glob("duban-backup-*.tar.gz")
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = tar.getnames()
    assert manifest["duban_version"] == duban_version()
    assert ["cases", "0003_import_limits_and_tasks"] in manifest["migrations"]
    assert sorted(names) == sorted(["manifest.json", *manifest["members"]])
    # The manifest comes last, once every member is in: an archive with it is a whole one.
    assert names[-1] == "manifest.json"
    files = [m for m in manifest["members"] if m.startswith("files/")]
    assert len(files) == 2 and all(len(manifest["members"][m]["sha256"]) == 64 for m in files)
    assert not list(folder.glob("*.partial"))
    # Every user's data and password hashes: the folder and the archive are the owner's alone.
    assert folder.stat().st_mode & 0o777 == 0o700
    assert archive.stat().st_mode & 0o777 == 0o600


def test_a_file_replaced_while_the_backup_runs_is_archived_as_it_was_copied(data, tmp_path):
    """The checksum is of the bytes that went in, not of the file read again at another moment."""
    media = Path(settings.MEDIA_ROOT)
    (media / "evidence" / "1").mkdir(parents=True, exist_ok=True)
    for n in range(60):  # between reading the first file and the last, the backup takes a while
        (media / "evidence" / "1" / f"f{n:03}").write_bytes(hashlib.sha256(str(n).encode()).digest() * 4000)
    changing = media / "evidence" / "1" / "0-changing"
    changing.write_bytes(b"0")
    stop = threading.Event()

    def replace_again_and_again():
        n = 0
        while not stop.is_set():
            n += 1
            part = tmp_path / "changing.part"
            part.write_bytes(str(n).encode() * (1 + n % 7))
            os.replace(part, changing)  # replaced whole, as evidence is written

    replacer = threading.Thread(target=replace_again_and_again, daemon=True)
    replacer.start()
    try:
        archive = tmp_path / "duban.tar.gz"
        call_command("backup", "--output", str(archive), stdout=io.StringIO())
    finally:
        stop.set()
        replacer.join(10)
    out = io.StringIO()
    call_command("restore", str(archive), "--check", stdout=out)
    assert "完好" in out.getvalue()


def test_evidence_appears_under_its_name_only_whole(db, settings, tmp_path, monkeypatch):
    """Written beside as a dotted file (which a backup skips) and renamed in: a backup running
    meanwhile never finds half a file under an evidence name."""
    settings.MEDIA_ROOT = tmp_path
    content = b"%PDF-1.4 " + b"x" * 100_000
    renames = []
    replace = os.replace

    def watched_replace(source, target):
        renames.append((Path(source).name, Path(source).read_bytes() == content, Path(target).exists()))
        replace(source, target)

    monkeypatch.setattr(os, "replace", watched_replace)
    stored_name = evidence_files.store(7, content)
    assert renames == [(f".{stored_name}.part", True, False)]
    assert [p.name for p in (tmp_path / "evidence" / "7").iterdir()] == [stored_name]
    assert evidence_files.path_of(7, stored_name).read_bytes() == content


def rewritten(archive: Path, tmp_path: Path, change) -> Path:
    """A copy of the archive with ``change(name, bytes) -> bytes`` applied to each member."""
    out = tmp_path / "changed.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(out, "w:gz") as target:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return out


def live_state():
    return every_table(database_url()), every_file(Path(settings.MEDIA_ROOT))


@pytest.mark.parametrize("damage, message", [
    ("version", "这是督办 0.0.1 的备份，当前运行的是督办"),
    ("missing migration", "备份中的数据库缺少本版本的迁移 cases.0003_import_limits_and_tasks，与当前督办的数据库结构不一致"),
    ("extra migration", "备份中的数据库多出本版本没有的迁移 cases.9999_from_the_future，与当前督办的数据库结构不一致"),
    ("byte", "的校验值与清单不符，备份已损坏"),
    ("truncated", "备份文件已损坏或不完整"),
    ("extra", "备份内容与清单不符"),
])
def test_another_version_or_a_damaged_archive_is_refused_and_nothing_changes(data, tmp_path, damage, message):
    archive = tmp_path / "duban.tar.gz"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    if damage == "version":
        def change(name, data):
            if name != "manifest.json":
                return data
            return json.dumps(json.loads(data) | {"duban_version": "0.0.1"}).encode()
        bad = rewritten(archive, tmp_path, change)
    elif damage.endswith("migration"):
        def change(name, data):
            if name != "manifest.json":
                return data
            manifest = json.loads(data)
            if damage == "missing migration":
                manifest["migrations"].remove(["cases", "0003_import_limits_and_tasks"])
            else:
                manifest["migrations"].append(["cases", "9999_from_the_future"])
            return json.dumps(manifest).encode()
        bad = rewritten(archive, tmp_path, change)
    elif damage == "byte":
        bad = rewritten(archive, tmp_path, lambda name, data: data[:-1] + bytes([data[-1] ^ 1])
                        if name.startswith("files/") else data)
    elif damage == "truncated":
        bad = tmp_path / "cut.tar.gz"
        bad.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    else:
        bad = rewritten(archive, tmp_path, lambda name, data: data)
        with tarfile.open(bad, "r:gz") as tar:
            members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
        with tarfile.open(bad, "w:gz") as tar:
            for m, d in members:
                tar.addfile(m, io.BytesIO(d))
            extra = tarfile.TarInfo("files/1/planted.html")
            extra.size = 4
            tar.addfile(extra, io.BytesIO(b"evil"))
    Notification.objects.create(zone_id=data.zone_id, recipient=Notification.objects.first().recipient, key="after",
                                title="备份之后的通知")  # live data the archive does not have
    before = live_state()
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(bad), "--yes", stdout=io.StringIO())
    assert message in str(refused.value) and "当前数据未被改动" in str(refused.value)
    assert live_state() == before
    assert not list(Path(settings.MEDIA_ROOT).parent.glob(".restore-*"))  # nothing left behind


def test_restore_check_only_reads(data, tmp_path):
    archive = tmp_path / "duban.tar.gz"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    out = io.StringIO()
    call_command("restore", str(archive), "--check", stdout=out)
    assert "完好" in out.getvalue()


def test_backup_keeps_the_newest_archives_only(data, tmp_path):
    for n in range(3):
        old = tmp_path / f"duban-backup-0.1.0-2020010{n}-020000.tar.gz"
        old.write_bytes(b"")
        os.utime(old, (n, n))
    out = io.StringIO()
    call_command("backup", "--output-dir", str(tmp_path), "--keep", "2", stdout=out)
    left = sorted(p.name for p in tmp_path.glob("duban-backup-*.tar.gz"))
    assert len(left) == 2 and "duban-backup-0.1.0-20200102-020000.tar.gz" in left
    assert "已删除旧备份" in out.getvalue()


def test_the_backup_unit_makes_its_folder_duban_s_alone(tmp_path):
    """deploy/duban-backup.service: the folder it backs up into is made (as root, "+") owned by the
    unit's user with mode 0700 before each run, and what the command writes is private (UMask)."""
    unit = (PROJECT / "deploy" / "duban-backup.service").read_text()
    lines = dict(line.split("=", 1) for line in unit.splitlines() if "=" in line and not line.startswith("#"))
    folder = lines["ExecStart"].split("--output-dir ")[1].split()[0]
    install = lines["ExecStartPre"].split()
    assert install[0] == "+/usr/bin/install" and install[-1] == folder
    assert "-d" in install and install[install.index("-o") + 1] == lines["User"] == "duban"
    assert install[install.index("-g") + 1] == lines["Group"] and install[install.index("-m") + 1] == "0700"
    assert lines["UMask"] == "0077"
    # The same command, on a folder of this test (without the owner, which needs root): 0700.
    subprocess.run(["install", "-d", "-m", "0700", str(tmp_path / "backups")], check=True)
    assert (tmp_path / "backups").stat().st_mode & 0o777 == 0o700


def leftover_databases() -> list[str]:
    """Databases a restore made beside the test database and did not remove (PostgreSQL)."""
    if connection.vendor == "sqlite":
        return []
    import psycopg

    maintenance = database_url(dict(connection.settings_dict, NAME="postgres"))
    with psycopg.connect(maintenance.replace("postgres://", "postgresql://", 1), autocommit=True) as admin:
        return [name for (name,) in admin.execute("SELECT datname FROM pg_database WHERE datname LIKE %s",
                                                 [connection.settings_dict["NAME"] + "\\_%"])]


def refused_restore(archive: Path, *args: str) -> str:
    """Restore, which must refuse; the message, after checking that the live data did not change."""
    Notification.objects.create(zone_id=Notification.objects.first().zone_id, key="after", title="备份之后的通知",
                                recipient=Notification.objects.first().recipient)  # live data the archive lacks
    before = live_state()
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive), "--yes", *args, stdout=io.StringIO(), stderr=io.StringIO())
    assert live_state() == before
    assert "当前数据未被改动" in str(refused.value)
    assert not list(Path(settings.MEDIA_ROOT).parent.glob(".restore-*"))
    assert not list(Path(settings.MEDIA_ROOT).parent.glob("*.before-restore-*"))
    assert leftover_databases() == []
    return str(refused.value)


@pytest.fixture
def archive(data, tmp_path) -> Path:
    path = tmp_path / "duban.tar.gz"
    call_command("backup", "--output", str(path), stdout=io.StringIO())
    return path


def test_restore_refuses_while_a_worker_runs(archive):
    from duban.jobs.workers import register

    register("a-running-worker")  # this very process: alive
    message = refused_restore(archive)
    assert "督办仍在运行：后台进程" in message and f":{os.getpid()}" in message
    assert "systemctl stop duban-web duban-worker" in message and "--force" in message


def test_restore_refuses_while_the_web_server_holds_the_lock(archive):
    from duban.operations import running

    fd = running.hold_while_serving()  # as `duban serve` does, for gunicorn to inherit
    try:
        assert "督办仍在运行：网站（duban serve）" in refused_restore(archive)
    finally:
        os.close(fd)


def test_a_web_server_does_not_start_while_a_restore_runs(data, monkeypatch):
    from duban.operations import running

    def execv(*args):
        raise AssertionError("gunicorn started during a restore")

    monkeypatch.setattr(os, "execv", execv)  # were it to start, not in place of the test process
    with running.stopped():
        with pytest.raises(CommandError, match="正在从备份恢复数据（duban restore），网站暂不启动"):
            call_command("serve", "--no-collectstatic", stdout=io.StringIO())


def test_the_it_staff_may_force_a_restore_and_are_warned(archive):
    from duban.jobs.workers import register

    register("a-running-worker")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("restore", str(archive), "--yes", "--force", stdout=out, stderr=err)
        assert "已从 duban.tar.gz 恢复" in out.getvalue()
        assert "警告：--force：未检查督办的网站和后台进程是否在运行" in err.getvalue()
        assert "restart duban-web duban-worker" in err.getvalue()
    finally:
        for kept in leftover_databases():  # PostgreSQL: the old database, kept under another name
            databases.drop(kept)


def inject_failure_when(monkeypatch, statement_matches):
    """Make the PostgreSQL maintenance connection fail on the statement ``statement_matches`` picks."""
    import psycopg
    from psycopg import sql

    execute = psycopg.Connection.execute

    def failing(self, query, *args, **kwargs):
        text = query.as_string(self) if isinstance(query, sql.Composable) else str(query)
        if statement_matches(text):
            raise psycopg.errors.ObjectInUse(f"injected failure: {text}")
        return execute(self, query, *args, **kwargs)

    monkeypatch.setattr(psycopg.Connection, "execute", failing)


@pytest.mark.parametrize("failure", ["pg_restore", "rename restored", "rename live", "database swap"])
def test_a_restore_failing_at_any_step_leaves_no_temporary_database_and_the_live_data(
        archive, monkeypatch, failure):
    live = connection.settings_dict["NAME"]
    if failure == "database swap":  # after the files were swapped in: they go back
        def swap(*args):
            raise ArchiveError("injected failure: the database swap")
        monkeypatch.setattr(databases, "swap", swap)
    elif connection.vendor == "sqlite":
        pytest.skip("PostgreSQL's temporary database")
    elif failure == "pg_restore":
        run = databases._run

        def failing_run(argv, tool):
            if tool == "pg_restore":
                raise ArchiveError("pg_restore 失败：injected failure")
            return run(argv, tool)
        monkeypatch.setattr(databases, "_run", failing_run)
    elif failure == "rename restored":  # the live database already renamed aside
        inject_failure_when(monkeypatch, lambda sql: sql.startswith(f'ALTER DATABASE "{live}_restore_'))
    else:
        inject_failure_when(monkeypatch, lambda sql: sql.startswith(f'ALTER DATABASE "{live}" RENAME'))
    assert "injected failure" in refused_restore(archive)
