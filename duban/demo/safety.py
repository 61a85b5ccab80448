"""Whether `duban demo` may write to this database: only one that is empty or holds its own demo.

The demo resets the passwords of its accounts and moves them into its zone.  Run against a real
database, that would take over a real user named like a demo account (office, jingfa, …).  So the
demo writes only where every zone is one it created itself (``Zone.is_demo``) and every user is
one of its accounts in that zone — or a system administrator without a zone, whom it never touches.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection

from duban.accounts.models import User
from duban.errors import UserInputError
from duban.zones.models import Zone

from .loading import DEMO_ACCOUNTS, DEMO_AUTHOR, DEMO_HEADS

DEMO_USERNAMES = ({account.username for account in DEMO_ACCOUNTS} | {DEMO_AUTHOR}
                  | {username for username, _name in DEMO_HEADS.values()})
FRESH_DATABASE = "请为演示使用一个新的数据库（例如另设 DUBAN_VAR_DIR 或 DATABASE_URL）"
SQLITE_HEADER = b"SQLite format 3\x00"
WAL_MODE = b"\x02\x02"  # the header's write and read versions (bytes 18, 19) of a file in WAL mode


def refuse_without_debug(allowed: bool) -> None:
    """The demo's accounts have public passwords: never in production unless asked in so many words."""
    if not settings.DEBUG and not allowed:
        raise UserInputError(
            "DEBUG 未开启（DUBAN_DEBUG≠1），这像是生产环境：演示数据不会载入。"
            "确需在专门的演示服务器上载入，请加 --allow-no-debug"
        )


def refuse_foreign_database() -> None:
    """Stop, naming what is not the demo's, when the database holds anything the demo did not make.

    Run *before* ``migrate``, which would otherwise alter a database that is not duban's (create
    its tables beside another program's, or migrate a real zone's data), so it only reads, and
    by plain SQL that does not assume this version's schema. A SQLite file not yet in WAL mode is
    read through a read-only connection of its own: Django's would switch it to WAL, rewriting its
    header.  Refuses: any table that is not duban's; any zone not made by the demo; any user
    but the demo's accounts in a demo zone and system administrators without a zone.
    """
    with _reading() as cursor:
        tables = _tables(cursor)
        foreign_tables = sorted(t for t in tables if not _is_dubans(t))
        if foreign_tables:
            raise UserInputError(f"数据库中有不属于督办的表（{'、'.join(foreign_tables[:3])}"
                                 f"{' 等' if len(foreign_tables) > 3 else ''}），演示数据不会载入，数据库未作任何改动。"
                                 f"{FRESH_DATABASE}")
        zones = {}  # id → made by the demo
        if Zone._meta.db_table in tables:
            marked = "is_demo" in _columns(cursor, Zone._meta.db_table)  # before 0002_demo_mark: none is
            cursor.execute(f"SELECT id, name, {'is_demo' if marked else '0'} FROM {Zone._meta.db_table} ORDER BY id")
            rows = cursor.fetchall()
            zones = {zone_id: bool(is_demo) for zone_id, _name, is_demo in rows}
            foreign_zones = [name for _id, name, is_demo in rows if not is_demo][:3]
            if foreign_zones:
                raise UserInputError(f"数据库中已有非演示的开发区（{'、'.join(foreign_zones)}），演示数据不会载入，"
                                     f"数据库未作任何改动。{FRESH_DATABASE}")
        if User._meta.db_table in tables:
            cursor.execute(f"SELECT username, is_superuser, zone_id FROM {User._meta.db_table} ORDER BY id")
            foreign_users = [username for username, is_superuser, zone_id in cursor.fetchall()
                             if not _demo_account(username, bool(is_superuser), zones.get(zone_id))]
            if foreign_users:
                raise UserInputError(f"数据库中已有非演示账号（{'、'.join(foreign_users[:3])}），演示数据不会载入，"
                                     f"数据库未作任何改动。{FRESH_DATABASE}")


def _demo_account(username: str, is_superuser: bool, zone_is_demo: bool | None) -> bool:
    """One of the demo's accounts in a demo zone, or a system administrator without a zone (whom the
    demo never touches; a demo account's name outside a demo zone is a real user's)."""
    if username in DEMO_USERNAMES:
        return zone_is_demo is True
    return is_superuser and zone_is_demo is None


def _is_dubans(table: str) -> bool:
    """A table of an installed app: one of its models' (today's) or named by its label (one an
    older version made, which a migration will rename or drop), or Django's migration record."""
    if table == "django_migrations" or table in _model_tables():
        return True
    return any(table.startswith(f"{config.label}_") for config in apps.get_app_configs())


def _model_tables() -> set[str]:
    return set(connection.introspection.django_table_names(include_views=True))


@contextmanager
def _reading() -> Iterator:
    """A cursor that reads the database without changing a byte of it (None: there is none yet)."""
    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            yield cursor
        return
    path = Path(settings.DATABASES["default"]["NAME"])
    if not path.is_file() or path.stat().st_size == 0:
        yield None  # no database yet: migrate makes it
        return
    with open(path, "rb") as f:
        header = f.read(20)
    if not header.startswith(SQLITE_HEADER):
        raise UserInputError(f"{path.name}：不是 SQLite 数据库，演示数据不会载入，数据库未作任何改动。{FRESH_DATABASE}")
    if header[18:20] == WAL_MODE:  # Django's connection, which switches a file to WAL, changes nothing here
        with connection.cursor() as cursor:
            yield cursor
        return
    reader = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        yield reader.cursor()
    finally:
        reader.close()


def _tables(cursor) -> set[str]:
    if cursor is None:
        return set()
    if connection.vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                       "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
        return {name for (name,) in cursor.fetchall()}
    # Every schema: a table of another program beside duban's in a schema of its own is foreign too.
    cursor.execute("SELECT table_schema, table_name FROM information_schema.tables "
                   "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg\\_%'")
    return {name if schema == "public" else f"{schema}.{name}" for schema, name in cursor.fetchall()}


def _columns(cursor, table: str) -> set[str]:
    cursor.execute(f"SELECT * FROM {table} WHERE 1 = 0")
    return {column[0] for column in cursor.description}
