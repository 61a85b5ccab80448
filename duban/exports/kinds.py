"""The registry of what can be exported: each app registers its kinds from ``AppConfig.ready()``.

``exports`` sits below the apps whose data it writes (ledger, cases), so it cannot import them;
they hand it a ``Kind`` instead, as they hand ``notifications.reminders`` their reminder jobs:

    register(Kind("ledger", "工作台账", xlsx.CONTENT_TYPE, check=exporting.check, write=exporting.write))

``check(user, parameters)`` is the permission check of the page the export is asked from — the
same function that page calls — raising ``PermissionDenied`` (403) or ``Http404`` (another zone's
record); it runs again before the file is built and before every download, so a user who has lost
the right since asking gets nothing.  ``write(user, parameters, out, progress)`` writes the file
to the binary ``out``, calling ``progress(rows_written)`` as it goes; a problem the user can mend
is raised as ``ExportRefused`` with a Chinese message, which the export's page shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

Progress = Callable[[int], None]


class ExportRefused(Exception):
    """The export cannot be made as asked (say so in Chinese); nothing is stored."""


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    content_type: str
    check: Callable[[object, dict], None]
    write: Callable[[object, dict, BinaryIO, Progress], None]


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> None:
    _kinds[kind.name] = kind


def get(name: str) -> Kind:
    try:
        return _kinds[name]
    except KeyError:  # the kind's app was removed since: its exports cannot be built or served
        raise LookupError(f"未知的导出类型：{name}") from None
