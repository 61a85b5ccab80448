"""``duban backup`` and ``duban restore`` as functions: one archive in, one archive out.

Restore never touches the live data until the whole archive has been read and checked: every
member's checksum, duban's version, the migrations, the database itself (SQLite's integrity check
or a PostgreSQL restore into a fresh database).  Only then are the database and the files swapped
in; the old files (and on PostgreSQL the old database) are kept beside, renamed.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from . import databases
from .archive import FILES, ArchiveError, Manifest, duban_version, extract, write

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
    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    unknown = [f"{app}.{name}" for app, name in manifest.migrations if f"{app}.{name}" not in known]
    if unknown:
        raise ArchiveError(f"{path.name}：备份中有本版本没有的数据库迁移（{'、'.join(unknown[:3])}）")
    if manifest.engine != databases.engine():
        raise ArchiveError(f"{path.name}：这是 {manifest.engine} 数据库的备份，当前使用的是 {databases.engine()}")
    return manifest


def restore(path: Path) -> Restored:
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d%H%M%S")
    # Unpacked beside MEDIA_ROOT, so the files are moved into place by a rename, not copied.
    work = Path(tempfile.mkdtemp(dir=media.parent, prefix=".restore-"))
    try:
        manifest = check(path, work)
        member = work / manifest.database_member
        fresh = databases.prepare(member, manifest.migrations, stamp)
        kept_database = databases.swap(member, fresh, stamp)
        files = work / FILES.rstrip("/")
        files.mkdir(exist_ok=True)
        kept_files = None
        if media.exists():
            kept_files = media.with_name(f"{media.name}.before-restore-{stamp}")
            media.rename(kept_files)
        files.rename(media)
        return Restored(manifest, kept_database, kept_files)
    finally:
        shutil.rmtree(work, ignore_errors=True)
