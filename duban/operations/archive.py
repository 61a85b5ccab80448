"""The backup archive: what it holds and how it is checked.

One ``.tar.gz`` file:

- ``manifest.json``: the format, duban's version, when, the database engine, the migrations that
  were applied, and the SHA-256 and size of every other member;
- ``database.sqlite3`` (SQLite's online backup API: a consistent copy, the WAL included, taken
  while others write) or ``database.pgdump`` (``pg_dump -Fc``: one snapshot);
- ``files/…``: everything under MEDIA_ROOT (evidence and other uploads), copied after the
  database, so every file a database row names is in the archive (files are only ever added).

A backup is written to ``<name>.partial`` and renamed when complete: a file with the final name
is a whole archive.  Reading checks every member against the manifest before anything is used.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import io
import json
import tarfile
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


def write(path: Path, manifest: Manifest, sources: dict[str, Path]) -> None:
    """The archive at ``path`` (through ``path.partial``): the manifest, then each member from its file."""
    partial = path.with_name(path.name + ".partial")
    with tarfile.open(partial, "w:gz") as tar:
        data = manifest.to_json()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode = len(data), 0o600
        tar.addfile(info, io.BytesIO(data))
        for member, source in sources.items():
            info = tar.gettarinfo(str(source), arcname=member)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            with open(source, "rb") as f:
                tar.addfile(info, f)
    partial.replace(path)


def extract(path: Path, into: Path) -> Manifest:
    """Unpack and check every member against the manifest; raises ArchiveError, naming the problem."""
    name = path.name
    try:
        with tarfile.open(path, "r:gz") as tar:
            try:
                manifest = Manifest.from_json(tar.extractfile(MANIFEST).read(), name)
            except KeyError as error:
                raise ArchiveError(f"{name}：没有清单（manifest.json），不是督办的备份") from error
            members = [m for m in tar.getmembers() if m.isfile() and m.name != MANIFEST]
            # The "data" filter refuses absolute paths, "..", links out of the folder and devices.
            tar.extractall(into, members=members, filter="data")
    except (tarfile.TarError, EOFError, OSError, UnicodeDecodeError) as error:
        raise ArchiveError(f"{name}：备份文件已损坏或不完整，无法读取（{type(error).__name__}）") from error
    found = {m.name for m in members}
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
