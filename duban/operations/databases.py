"""The database half of a backup: a consistent copy out, a restore into a fresh place, the swap.

SQLite: the online backup API (sqlite3's ``Connection.backup``) copies a consistent snapshot
while other connections write — copying the file itself would miss what is still in the WAL —
and restores by the same API into the live file, which every reader then sees at once.
PostgreSQL: ``pg_dump -Fc`` out; ``pg_restore`` into a new database beside the live one, checked,
then renamed into place (the old one is kept, renamed, until the administrator drops it).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from .archive import ArchiveError

MAINTENANCE_DB = "postgres"


def engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else connection.vendor


def applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _db() -> dict:
    return settings.DATABASES["default"]


# ---- out ----------------------------------------------------------------------------------


def dump(target: Path) -> None:
    if engine() == "sqlite":
        source = sqlite3.connect(_db()["NAME"], timeout=60)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # all pages in one step: one consistent snapshot
        finally:
            copy.close()
            source.close()
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target),
              *_pg_args(), _db()["NAME"]], "pg_dump")


# ---- in -----------------------------------------------------------------------------------


def prepare(member: Path, migrations: list[list[str]], stamp: str) -> str | None:
    """Make the archived database ready beside the live one and check it; returns the name of the
    database it went into (PostgreSQL), None for SQLite (the checked file itself is used)."""
    if engine() == "sqlite":
        copy = sqlite3.connect(member)
        try:
            (result,) = copy.execute("PRAGMA integrity_check").fetchone()
            found = sorted([a, n] for a, n in copy.execute("SELECT app, name FROM django_migrations"))
        except sqlite3.DatabaseError as error:
            raise ArchiveError(f"备份中的数据库无法读取：{error}") from error
        finally:
            copy.close()
        if result != "ok":
            raise ArchiveError(f"备份中的数据库未通过完整性检查：{result}")
        _check_migrations(found, migrations)
        return None
    fresh = f"{_db()['NAME']}_restore_{stamp}"
    with _maintenance() as admin:
        _admin(admin, "无法创建恢复用的临时数据库（数据库角色需要 CREATEDB 权限）", "CREATE DATABASE {}", fresh)
    try:
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", fresh, *_pg_args(),
              str(member)], "pg_restore")
        import psycopg

        try:
            with psycopg.connect(_conninfo(fresh)) as copy:
                found = sorted([a, n] for a, n in copy.execute("SELECT app, name FROM django_migrations"))
        except psycopg.Error as error:
            raise ArchiveError(f"备份中的数据库无法读取：{error}") from error
        _check_migrations(found, migrations)
    except BaseException:
        drop(fresh)
        raise
    return fresh


def swap(member: Path, fresh: str | None, stamp: str) -> str | None:
    """Put the prepared database in place of the live one; returns the name the old one is kept
    under (PostgreSQL), None for SQLite.

    On PostgreSQL, should a step fail, the live database keeps (or gets back) its name; the
    caller drops ``fresh`` (``drop``) whatever happened.
    """
    connection.close()
    if engine() == "sqlite":
        Path(_db()["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(member)
        live = sqlite3.connect(_db()["NAME"], timeout=60)
        try:
            source.backup(live)  # one step, in one transaction of the live file: all or nothing
        finally:
            live.close()
            source.close()
        return None
    live, kept = _db()["NAME"], f"{_db()['NAME']}_before_restore_{stamp}"
    with _maintenance() as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [live]).fetchone()
        if exists:
            (others,) = admin.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [live]).fetchone()
            if others:
                raise ArchiveError(f"数据库 {live} 还有 {others} 个连接：请先停止督办的网站和后台进程"
                                   "（systemctl stop duban-web duban-worker），再恢复")
            _admin(admin, f"无法将数据库 {live} 改名（可能有新的连接）", "ALTER DATABASE {} RENAME TO {}", live, kept)
        try:
            _admin(admin, f"无法将恢复的数据库改名为 {live}", "ALTER DATABASE {} RENAME TO {}", fresh, live)
        except BaseException:
            if exists:  # the live database gets its name back: nothing changed
                _admin(admin, f"无法将数据库 {kept} 改回原名 {live}，请手工改回", "ALTER DATABASE {} RENAME TO {}",
                       kept, live)
            raise
    return kept if exists else None


def drop(name: str | None) -> None:
    """Drop a temporary database, if there is one by that name."""
    if name:
        with _maintenance() as admin:
            _admin(admin, f"无法删除临时数据库 {name}，请手工删除", "DROP DATABASE IF EXISTS {}", name)


def _check_migrations(found: list[list[str]], expected: list[list[str]]) -> None:
    if found != expected:
        raise ArchiveError("备份中的数据库与清单记录的迁移不一致，备份已损坏")


# ---- PostgreSQL plumbing ------------------------------------------------------------------


def _pg_args() -> list[str]:
    db = _db()
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return args + ["--no-password"]


def _run(argv: list[str], tool: str) -> None:
    env = os.environ | ({"PGPASSWORD": _db()["PASSWORD"]} if _db().get("PASSWORD") else {})
    try:
        result = subprocess.run(argv, env=env, capture_output=True, text=True)
    except FileNotFoundError as error:
        raise ArchiveError(f"找不到 {tool}：请安装 PostgreSQL 客户端（apt-get install postgresql-client）") from error
    if result.returncode != 0:
        raise ArchiveError(f"{tool} 失败：{result.stderr.strip()[-500:]}")


def _conninfo(dbname: str) -> str:
    from psycopg.conninfo import make_conninfo

    db = _db()
    params = {"dbname": dbname, "user": db.get("USER"), "password": db.get("PASSWORD"), "host": db.get("HOST"),
              "port": db.get("PORT")}
    return make_conninfo(**{k: str(v) for k, v in params.items() if v})


def _maintenance():
    import psycopg

    try:
        return psycopg.connect(_conninfo(MAINTENANCE_DB), autocommit=True)
    except psycopg.Error as error:
        raise ArchiveError(f"无法连接 PostgreSQL 的 {MAINTENANCE_DB} 数据库：{error}") from error


def _admin(admin, failure: str, template: str, *names: str) -> None:
    """One statement on the maintenance connection; a failure becomes an ArchiveError saying ``failure``."""
    import psycopg
    from psycopg import sql

    try:
        admin.execute(sql.SQL(template).format(*map(sql.Identifier, names)))
    except psycopg.Error as error:
        raise ArchiveError(f"{failure}：{error}") from error
