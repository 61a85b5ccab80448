"""The backup archive: what it holds and how it is checked.

One ``.tar.gz`` file:

- ``manifest.json``: the format, duban's version, when, the database engine, the migrations that
  were applied, and the SHA-256 and size of every other member;
- ``database.sqlite3`` (SQLite's online backup API: a consistent copy, the WAL included, taken
  while others write) or ``database.pgdump`` (``pg_dump -Fc``: one snapshot);
- ``files/…``: everything under MEDIA_ROOT (evidence and other uploads), copied after the
  database, so every file a database row names is in the archive (files are only ever added).

The manifest is the last member, written once every other one is in: its checksums are of the
bytes that went into the archive, hashed as they were copied (a file re-read later could differ
from what was copied).  A backup is written to ``<name>.partial`` (created 0600: it holds every
user's data and password hashes) and renamed when complete: a file with the final name is a whole
archive.  Reading checks every member against the manifest before anything is used.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import os
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

FORMAT = 1
MANIFEST = "manifest.json"
FILES = "files/"
DATABASE_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class ArchiveError(ValueError):
    """The archive cannot be used; the message says why, in Chinese, naming the file."""


def duban_version() -> str:
    return importlib.metadata.version("duban")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Manifest:
    version: str
    created_at: str
    engine: str  # "sqlite" | "postgresql"
    migrations: list[list[str]]  # [app, name], sorted
    members: dict[str, dict]  # member name → {"sha256", "size"}
    format: int = FORMAT

    @property
    def database_member(self) -> str:
        return DATABASE_MEMBERS[self.engine]

    def to_json(self) -> bytes:
        return json.dumps({"format": self.format, "duban_version": self.version, "created_at": self.created_at,
                           "database_engine": self.engine, "migrations": self.migrations, "members": self.members},
                          ensure_ascii=False, indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes, archive: str) -> Manifest:
        try:
            raw = json.loads(data)
            manifest = cls(version=raw["duban_version"], created_at=raw["created_at"], engine=raw["database_engine"],
                           migrations=[list(m) for m in raw["migrations"]], members=dict(raw["members"]),
                           format=raw["format"])
        except (ValueError, KeyError, TypeError) as error:
            raise ArchiveError(f"{archive}：清单（manifest.json）无法读取，备份已损坏") from error
        if manifest.format != FORMAT or manifest.engine not in DATABASE_MEMBERS:
            raise ArchiveError(f"{archive}：不是本版本督办能读取的备份格式")
        return manifest


class _Hashing:
    """Reads a file while hashing exactly what was read: what goes into the archive is what is hashed."""

    def __init__(self, file):
        self.file, self.digest, self.size = file, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _add(tar: tarfile.TarFile, member: str, source: Path) -> dict:
    """Copy one file into the archive; its {"sha256", "size"} as copied."""
    with open(source, "rb") as f:
        # The size of the file as opened: evidence is written beside and renamed in, never changed
        # in place, so the open file is whole and keeps its content while it is copied.
        stat = os.fstat(f.fileno())
        info = tarfile.TarInfo(member)
        info.size, info.mode, info.mtime = stat.st_size, 0o600, int(stat.st_mtime)
        reader = _Hashing(f)
        tar.addfile(info, reader)
    return {"sha256": reader.digest.hexdigest(), "size": reader.size}


def write(path: Path, manifest: Manifest, sources: dict[str, Path]) -> None:
    """The archive at ``path`` (through ``path.partial``, 0600): each member from its file, hashed as
    it is copied into ``manifest.members``, then the manifest, last.

    A file listed but gone when its turn comes (removed meanwhile) is left out; the database member
    must be there.
    """
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
    try:
        os.fchmod(fd, 0o600)  # a .partial left by an earlier run keeps its old mode otherwise
        with os.fdopen(fd, "wb") as out:
            with tarfile.open(fileobj=out, mode="w:gz") as tar:
                for member, source in sources.items():
                    try:
                        manifest.members[member] = _add(tar, member, source)
                    except FileNotFoundError:
                        if member == manifest.database_member:
                            raise
                data = manifest.to_json()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode, info.mtime = len(data), 0o600, int(time.time())
                tar.addfile(info, io.BytesIO(data))
            out.flush()
            os.fsync(out.fileno())
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def extract(path: Path, into: Path) -> Manifest:
    """Unpack and check every member against the manifest; raises ArchiveError, naming the problem."""
    name = path.name
    try:
        with tarfile.open(path, "r:gz") as tar:
            members = [m for m in tar.getmembers() if m.isfile()]
            # The "data" filter refuses absolute paths, "..", links out of the folder and devices.
            tar.extractall(into, members=members, filter="data")
    except (tarfile.TarError, EOFError, OSError, UnicodeDecodeError) as error:
        raise ArchiveError(f"{name}：备份文件已损坏或不完整，无法读取（{type(error).__name__}）") from error
    if MANIFEST not in {m.name for m in members}:
        raise ArchiveError(f"{name}：没有清单（manifest.json），不是督办的备份，或备份未写完")
    manifest = Manifest.from_json((into / MANIFEST).read_bytes(), name)
    (into / MANIFEST).unlink()
    found = {m.name for m in members if m.name != MANIFEST}
    missing, extra = set(manifest.members) - found, found - set(manifest.members)
    if missing or extra:
        listed = "、".join(sorted(missing | extra)[:5])
        raise ArchiveError(f"{name}：备份内容与清单不符（{listed}），备份已损坏")
    for member, expected in manifest.members.items():
        if sha256_of(into / member) != expected["sha256"]:
            raise ArchiveError(f"{name}：{member} 的校验值与清单不符，备份已损坏")
    if manifest.database_member not in found:
        raise ArchiveError(f"{name}：备份中没有数据库")
    return manifest
