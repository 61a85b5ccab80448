"""Whether `duban demo` may write to this database: only one that is empty or holds its own demo.

The demo resets the passwords of its accounts and moves them into its zone.  Run against a real
database, that would take over a real user named like a demo account (office, jingfa, …).  So the
demo writes only where every zone is one it created itself (``Zone.is_demo``) and every user is
one of its accounts in that zone — or a system administrator without a zone, whom it never touches.
"""

from __future__ import annotations

from django.conf import settings

from duban.accounts.models import User
from duban.errors import UserInputError
from duban.zones.models import Zone

from .loading import DEMO_ACCOUNTS, DEMO_AUTHOR, DEMO_HEADS

DEMO_USERNAMES = ({account.username for account in DEMO_ACCOUNTS} | {DEMO_AUTHOR}
                  | {username for username, _name in DEMO_HEADS.values()})
FRESH_DATABASE = "请为演示使用一个新的数据库（例如另设 DUBAN_VAR_DIR 或 DATABASE_URL）"


def refuse_without_debug(allowed: bool) -> None:
    """The demo's accounts have public passwords: never in production unless asked in so many words."""
    if not settings.DEBUG and not allowed:
        raise UserInputError(
            "DEBUG 未开启（DUBAN_DEBUG≠1），这像是生产环境：演示数据不会载入。"
            "确需在专门的演示服务器上载入，请加 --allow-no-debug"
        )


def refuse_foreign_data() -> None:
    """Stop, naming what is not the demo's, when the database holds anything the demo did not make."""
    foreign_zones = list(Zone.objects.filter(is_demo=False).values_list("name", flat=True)[:3])
    if foreign_zones:
        raise UserInputError(f"数据库中已有非演示的开发区（{'、'.join(foreign_zones)}），演示数据不会载入。{FRESH_DATABASE}")
    named_otherwise = User.objects.exclude(username__in=DEMO_USERNAMES).exclude(is_superuser=True, zone__isnull=True)
    demo_named_elsewhere = User.objects.filter(username__in=DEMO_USERNAMES).exclude(zone__is_demo=True)
    foreign_users = list((named_otherwise | demo_named_elsewhere).values_list("username", flat=True)[:3])
    if foreign_users:
        raise UserInputError(f"数据库中已有非演示账号（{'、'.join(foreign_users)}），演示数据不会载入。{FRESH_DATABASE}")
