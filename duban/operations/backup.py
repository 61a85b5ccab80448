"""``duban backup`` and ``duban restore`` as functions: one archive in, one archive out.

Restore never touches the live data until the whole archive has been read and checked: every
member's checksum, duban's version, the migrations, the database itself (SQLite's integrity check
or a PostgreSQL restore into a fresh database).  Only then are the database and the files swapped
in; the old files (and on PostgreSQL the old database) are kept beside, renamed.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from . import databases, running
from .archive import FILES, ArchiveError, Manifest, duban_version, extract, write

log = logging.getLogger("duban.operations")

#: Folders under MEDIA_ROOT that are not data, only transient: export files (duban/exports), made
#: again on demand and removed by their cleanup while a backup may be reading them; plan uploads
#: waiting for the office's confirmation (duban/plans/pending.py), uploaded again if lost.
SKIPPED_FOLDERS = ("exports", "pending-imports")
#: A name starting with a dot is a file being written (evidence is written as ``.<name>.part`` and
#: renamed when whole) or the health check's probe: never data.
HIDDEN = "."


def data_files(media: Path) -> list[Path]:
    """The files under MEDIA_ROOT that are data, in a stable order."""
    if not media.is_dir():
        return []
    return sorted(p for p in media.rglob("*")
                  if p.relative_to(media).parts[0] not in SKIPPED_FOLDERS and not p.name.startswith(HIDDEN)
                  and p.is_file())


def archive_name(moment=None) -> str:
    moment = timezone.localtime(moment or timezone.now())
    return f"duban-backup-{duban_version()}-{moment:%Y%m%d-%H%M%S}.tar.gz"


def private_directory(directory: Path) -> bool:
    """Make the backup folder if it is missing, readable by its owner only (0700); False when an
    existing folder is open to others (the command warns: the archives hold every user's data)."""
    if not directory.exists():
        directory.mkdir(parents=True, mode=0o700)
        directory.chmod(0o700)  # mkdir's mode is cut by the umask, never widened; chmod is exact
    return directory.stat().st_mode & 0o077 == 0


def create(path: Path) -> Manifest:
    """Write the archive at ``path``: the database first, then the files, then the manifest (see
    archive.py).  Files are listed after the database is copied, so every file a row names is in."""
    private_directory(path.parent)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as work:
        engine = databases.engine()
        manifest = Manifest(version=duban_version(), created_at=timezone.now().isoformat(), engine=engine,
                            migrations=databases.applied_migrations(), members={})
        database = Path(work) / manifest.database_member
        databases.dump(database)
        sources = {manifest.database_member: database}
        media = Path(settings.MEDIA_ROOT)
        for file in data_files(media):
            sources[FILES + file.relative_to(media).as_posix()] = file
        write(path, manifest, sources)
    return manifest


def prune(directory: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest archives in ``directory``; returns those deleted."""
    archives = sorted(directory.glob("duban-backup-*.tar.gz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in archives[keep:]:
        old.unlink()
    return archives[keep:]


@dataclass
class Restored:
    manifest: Manifest
    kept_database: str | None  # PostgreSQL: the old database, renamed
    kept_files: Path | None  # the old MEDIA_ROOT, renamed


def check(path: Path, work: Path) -> Manifest:
    """Read and check the archive into ``work``; nothing live is touched."""
    manifest = extract(path, work)
    if manifest.version != duban_version():
        raise ArchiveError(f"{path.name}：这是督办 {manifest.version} 的备份，当前运行的是督办 {duban_version()}。"
                           f"请在督办 {manifest.version} 上恢复，再升级")
    _check_migrations(path.name, manifest)
    if manifest.engine != databases.engine():
        raise ArchiveError(f"{path.name}：这是 {manifest.engine} 数据库的备份，当前使用的是 {databases.engine()}")
    return manifest


def _check_migrations(archive: str, manifest: Manifest) -> None:
    """The archive's database must have exactly the migrations this code has: one missing would be
    applied to restored data by no one, one extra is a schema this code does not know."""
    installed = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    archived = {f"{app}.{name}" for app, name in manifest.migrations}
    missing, extra = sorted(installed - archived), sorted(archived - installed)
    if not (missing or extra):
        return

    def named(names: list[str]) -> str:
        return "、".join(names[:3]) + (f" 等 {len(names)} 个" if len(names) > 3 else "")

    parts = ([f"缺少本版本的迁移 {named(missing)}"] if missing else []) + (
        [f"多出本版本没有的迁移 {named(extra)}"] if extra else [])
    raise ArchiveError(f"{archive}：备份中的数据库{'，'.join(parts)}，与当前督办的数据库结构不一致。"
                       "请在备份时的督办版本上恢复，再升级")


def restore(path: Path, *, force: bool = False) -> Restored:
    """Check the whole archive, then put its files and its database in place of the live ones.

    Refused while duban runs (``running.stopped``; ``force`` skips that).  Every refusal and every
    failure leaves the live database and files as they were: the archive is unpacked and, on
    PostgreSQL, restored into a temporary database beside the live one, dropped on any failure;
    the files are swapped in by renames, and renamed back should the database swap fail.
    """
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d%H%M%S")
    with running.stopped(force):
        # Unpacked beside MEDIA_ROOT, so the files are moved into place by a rename, not copied.
        work = Path(tempfile.mkdtemp(dir=media.parent, prefix=".restore-"))
        fresh = None
        try:
            manifest = check(path, work)
            member = work / manifest.database_member
            fresh = databases.prepare(member, manifest.migrations, stamp)
            files = work / FILES.rstrip("/")
            files.mkdir(exist_ok=True)
            kept_files = media.with_name(f"{media.name}.before-restore-{stamp}") if media.exists() else None
            if kept_files:
                media.rename(kept_files)
            files.rename(media)
            try:
                kept_database = databases.swap(member, fresh, stamp)
            except BaseException:
                media.rename(files)  # the live files back in place
                if kept_files:
                    kept_files.rename(media)
                raise
            fresh = None  # it is the live database now
            return Restored(manifest, kept_database, kept_files)
        finally:
            shutil.rmtree(work, ignore_errors=True)
            _drop_quietly(fresh)


def _drop_quietly(fresh: str | None) -> None:
    """Drop the temporary database of a failed restore without hiding why it failed."""
    try:
        databases.drop(fresh)
    except ArchiveError as error:
        log.error("恢复失败后未能删除临时数据库：%s", error)
