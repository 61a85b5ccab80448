"""Filling a route's keywords from ownership.py, and reading a response whatever its kind."""

import itertools

import pytest

from .ownership import DEPARTMENT, OWNERSHIP, ZONE
from .urlwalk import Route


def undescribed_keywords(routes) -> dict[str, list[str]]:
    missing = {}
    for route in routes:
        for keyword in route.keywords:
            if keyword not in OWNERSHIP:
                missing.setdefault(keyword, []).append(str(route))
    return missing


def fail_on_undescribed(routes) -> None:
    missing = undescribed_keywords(routes)
    if missing:
        pytest.fail(
            "URL keywords not described in tests/security/ownership.py — add one line for each, "
            "naming a fixture that returns department B's object (see its docstring): "
            + "; ".join(f"{keyword} in {', '.join(where)}" for keyword, where in missing.items()),
            pytrace=False,
        )


def owner_of(route: Route) -> str | None:
    """DEPARTMENT if any keyword names B's own record, ZONE if it names zone-readable ones only,
    None when the route has no record in its URL."""
    owners = {OWNERSHIP[k].owner for k in route.keywords}
    if DEPARTMENT in owners:
        return DEPARTMENT
    return ZONE if owners else None


def urls(request, route: Route) -> list[str]:
    """The route's URL for every combination of the values its keywords are tried with."""
    choices = []
    for keyword in route.keywords:
        values = []
        for fixture in OWNERSHIP[keyword].fixtures:
            value = request.getfixturevalue(fixture)
            values += list(value) if isinstance(value, (list, tuple)) else [value]
        choices.append([getattr(v, "pk", v) for v in values])
    return [route.url(**dict(zip(route.keywords, combination))) for combination in itertools.product(*choices)]


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith(SPREADSHEET):
        return spreadsheet_text(content)
    return content.decode("utf-8", errors="replace")


SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def spreadsheet_text(content: bytes) -> str:
    """Every cell of an .xlsx answer as text: B's words inside the zip would not show in its bytes."""
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                     for value in row if value is not None)


#: Plausible form fields for any POST, so a view that forgot its permission check would act.
ATTACK_FORM = {
    "progress": "篡改", "problems": "", "next_steps": "", "completion": 100, "self_status": "done", "revision": 1,
    "comment": "越权操作", "title": "越权链接", "url": "https://example.com/", "reply": "越权回复",
}
