"""Small rules for turning records into the sentences of a document."""

from __future__ import annotations

import re

from duban.ledger.models import ItemStatus

#: How an item's colour is named in a document (the RAG labels of the pages, done items apart).
COLOUR_WORDS = {
    ItemStatus.Colour.GREEN: "绿灯（正常推进）",
    ItemStatus.Colour.AMBER: "黄灯（存在风险）",
    ItemStatus.Colour.RED: "红灯（逾期）",
}
_ENDINGS = "。！？；…"


def sentence(text: str) -> str:
    """Text as the sentences of a paragraph: lines joined, a full stop added if it lacks one."""
    parts = [line.strip() for line in text.splitlines() if line.strip()]
    return "".join(p if p[-1] in _ENDINGS else f"{p}。" for p in parts)


#: A space beside a Chinese character: the pages put spaces around figures (“2 期”), documents do not.
_SPACE_BY_CHINESE = re.compile(r"(?<=[^\x00-\x7f]) +| +(?=[^\x00-\x7f])")


def tidy(text: str) -> str:
    """2 期台账未报送（截止 2020年6月25日） → 2期台账未报送（截止2020年6月25日）."""
    return _SPACE_BY_CHINESE.sub("", text)


def lead_in(text: str, limit: int = 30) -> str:
    """The first clause of an item's text, for a heading: up to its first 。 or ；, at most ``limit`` characters."""
    first = text.strip().replace("\n", "")
    for mark in "。；":
        first = first.split(mark)[0]
    return first if len(first) <= limit else f"{first[:limit]}……"


def percent(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "—"


def status_words(status) -> str:
    """已完成, or the colour of an item's status (未评估 if it has none yet)."""
    if status is None:
        return "未评估"
    if status.done:
        return "已完成"
    return COLOUR_WORDS.get(status.colour, status.colour)
