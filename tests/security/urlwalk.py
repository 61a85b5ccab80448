"""Walking the project's URLconf, and telling whether a request wrote to the database."""

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

KEYWORD = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass(frozen=True)
class Route:
    route: str  # "reports/<int:report_id>/<str:action>/"
    name: str
    callback: Callable

    @property
    def keywords(self) -> tuple[str, ...]:
        return tuple(KEYWORD.findall(self.route))

    def url(self, **values) -> str:
        return "/" + KEYWORD.sub(lambda m: str(values[m.group(1)]), self.route)

    def __str__(self) -> str:
        return f"{self.name} (/{self.route})"


def all_routes(patterns=None, prefix="", namespace="") -> Iterator[Route]:
    """Every URL pattern of the project, the admin's included."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        text = str(pattern.pattern) if isinstance(pattern.pattern, RoutePattern) else pattern.pattern.regex.pattern
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from all_routes(pattern.url_patterns, prefix + text, inner)
        else:
            assert isinstance(pattern, URLPattern)
            yield Route(prefix + text, f"{namespace}{pattern.name or '?'}", pattern.callback)


def duban_routes() -> list[Route]:
    """duban's own URL patterns: everything but Django's admin, which guards itself (staff only,
    CSRF on every form) and is checked only for csrf_exempt."""
    routes = [r for r in all_routes() if not r.name.startswith("admin:")]
    unreadable = [str(r) for r in routes if r.route.startswith("^")]
    assert not unreadable, f"the URL walks read path() routes only; use path(), not re_path(): {unreadable}"
    return routes


WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


@contextmanager
def database_writes() -> Iterator[list[str]]:
    """The SQL statements that wrote to the database inside the block (filled in at its end).

    Stricter than comparing rows: an UPDATE that happens to write the same values counts too.
    Sessions are left out: with SESSION_SAVE_EVERY_REQUEST every request refreshes its own.
    """
    written: list[str] = []
    with CaptureQueriesContext(connection) as captured:
        yield written
    written += [q["sql"] for q in captured.captured_queries
                if WRITE.match(q["sql"]) and "django_session" not in q["sql"]]
