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
from duban.operations.archive import duban_version
from tests.processes import PROJECT, database_url
from tests.security.test_deploy import production_environment

pytestmark = pytest.mark.django_db(transaction=True)

WRITER_TABLE = Notification._meta.db_table


@pytest.fixture
def data(plan, water_item, liaison, office, settings, tmp_path):
    """A plan with its audit trail, a report with two evidence files (in this test's own MEDIA_ROOT),
    a few notifications."""
    settings.MEDIA_ROOT = tmp_path / "media"
    assignment = water_item.assignments.get(role="lead")
    report = Report.objects.create(zone_id=plan.zone_id, assignment=assignment, department=assignment.department,
                                   item=water_item, cycle=plan.cycles.get(label="2020年6月"), is_lead=True,
                                   created_by=liaison, progress="水气报装压缩至 3 个工作日")
    for n, content in enumerate([b"%PDF-1.4 first", "第二份证明材料".encode() * 1000]):
        Evidence.objects.create(zone_id=plan.zone_id, report=report, kind=Evidence.Kind.FILE, title=f"材料{n}",
                                stored_name=evidence_files.store(plan.zone_id, content), content_type="application/pdf",
                                size=len(content), uploaded_by=liaison)
    for n in range(3):
        Notification.objects.create(zone_id=plan.zone_id, recipient=office, key=f"before:{n}", title=f"通知{n}")
    return plan


class Writer(threading.Thread):
    """Saves a notification every few milliseconds until told to stop, as users would while the
    nightly backup runs."""

    def __init__(self, zone_id, recipient_id):
        super().__init__(daemon=True)
        self.zone_id, self.recipient_id, self.saved, self.stop = zone_id, recipient_id, 0, threading.Event()

    def run(self):
        try:
            while not self.stop.is_set():
                Notification.objects.create(zone_id=self.zone_id, recipient_id=self.recipient_id,
                                            key=f"during:{self.saved}", title=f"备份期间的通知{self.saved}")
                self.saved += 1
                time.sleep(0.002)
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


def test_a_backup_taken_while_someone_writes_restores_every_table_and_file(data, office, tmp_path):
    live_url = database_url()
    writer = Writer(data.zone_id, office.pk)
    writer.start()
    try:
        while writer.saved < 5:  # writing is under way when the backup starts
            time.sleep(0.01)
        archive = tmp_path / "duban.tar.gz"
        call_command("backup", "--output", str(archive), stdout=io.StringIO())
        time.sleep(0.05)
    finally:
        writer.stop.set()
        writer.join(30)
    assert writer.saved > 10  # it went on writing during the backup

    target, drop = fresh_database(tmp_path)
    env = production_environment(tmp_path / "var", DATABASE_URL=target)
    try:
        result = subprocess.run([sys.executable, "-m", "duban", "restore", str(archive), "--yes"], cwd=PROJECT,
                                env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "已从 duban.tar.gz 恢复" in result.stdout
        restored, live = every_table(target), every_table(live_url)
    finally:
        drop()

    assert set(restored) == set(live)
    for table, rows in live.items():
        if table == WRITER_TABLE:
            continue
        assert restored[table] == rows, f"{table} differs after restore"
    # The writer's table: a snapshot — the rows before the backup, and the writer's first rows up
    # to some moment, none half-written, none missing in between.
    saved = restored[WRITER_TABLE]
    assert set(saved) <= set(live[WRITER_TABLE])
    during = sorted(int(v.split(":")[1]) for r in saved for v in r if isinstance(v, str) and v.startswith("during:"))
    assert during == list(range(len(during))) and 5 <= len(during) < writer.saved
    # Every file, byte for byte, in a fresh MEDIA_ROOT.
    assert every_file(tmp_path / "var" / "files") == every_file(Path(settings.MEDIA_ROOT)) != {}


def test_the_archive_lists_version_migrations_and_checksums(data, tmp_path):
    archive = tmp_path / "duban.tar.gz"
    call_command("backup", "--output", str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert manifest["duban_version"] == duban_version()
    assert ["cases", "0003_import_limits_and_tasks"] in manifest["migrations"]
    assert names == {"manifest.json", *manifest["members"]}
    files = [m for m in manifest["members"] if m.startswith("files/")]
    assert len(files) == 2 and all(len(manifest["members"][m]["sha256"]) == 64 for m in files)
    assert not list(tmp_path.glob("*.partial"))


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
