"""Numbered headings and the named sections of a plan.

Chinese official documents number their levels in a fixed order (GB/T 9704):
一、 → （一） → 1. / 1、 → （1） → ①.  The parser relies on that order rather
than guessing it per document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum, IntEnum


class Level(IntEnum):
    """Numbering styles, outermost first."""

    CHINESE = 1  # 一、
    PAREN_CHINESE = 2  # （一）
    ARABIC = 3  # 1、 1.
    PAREN_ARABIC = 4  # （1） ⑴
    CIRCLED = 5  # ①


_CHINESE_NUMERAL = "[一二三四五六七八九十百零〇]+"

# Each pattern matches a heading's number at the start of a normalised line.
# An Arabic number needs 、 or a "." not followed by a digit, so "1.5亿元" is text.
_NUMBERINGS = (
    (Level.CHINESE, re.compile(rf"(?P<number>{_CHINESE_NUMERAL})(?:、|\.)")),
    (Level.PAREN_CHINESE, re.compile(rf"(?P<number>（{_CHINESE_NUMERAL}）)")),
    (Level.ARABIC, re.compile(r"(?P<number>[0-9]{1,3})(?:、|\.(?![0-9]))")),
    (Level.PAREN_ARABIC, re.compile(r"(?P<number>（[0-9]{1,3}）|[⑴-⒇])")),
    (Level.CIRCLED, re.compile(r"(?P<number>[①-⑳])")),
)


class SectionKind(Enum):
    PREFACE = "preface"  # 总体要求, 指导思想, 工作目标 …: becomes the plan's description
    TASKS = "tasks"  # 主要任务, 重点任务 …: its headings are the tasks
    CLOSING = "closing"  # 工作要求, 保障措施 …: never tasks
    OTHER = "other"


# Words that give a section's kind away, checked in this order (so
# "工作目标和任务" holds tasks, and "保障措施" is closing before it is "措施").
_CLOSING_WORDS = "工作要求|保障措施|组织保障|组织领导|保障机制|工作保障|实施保障|督查考核|督促检查|考核评估|监督考核|其他要求|有关要求|相关要求"
_TASK_WORDS = "任务|重点工作|主要工作|工作重点|主要措施|重点措施|具体措施|工作措施|主要举措|重点举措|改革举措"
_PREFACE_WORDS = "总体要求|指导思想|总体思路|基本原则|工作原则|工作目标|主要目标|总体目标|目标要求|适用范围|工作背景"
_SECTION_KINDS = (
    (SectionKind.CLOSING, re.compile(_CLOSING_WORDS)),
    (SectionKind.TASKS, re.compile(_TASK_WORDS)),
    (SectionKind.PREFACE, re.compile(_PREFACE_WORDS)),
)

# An unnumbered line that is only a section name ("总体要求") heads a part of
# the plan just as "一、总体要求" would.  Only these names count: a line
# "具体任务：" introduces items, it does not open a part.
_NAMED_PART = re.compile(
    "(?:总体要求|指导思想|总体思路|基本原则|工作原则|工作目标|主要目标|总体目标|"
    "主要任务|重点任务|工作任务|重点工作|主要工作|"
    "工作要求|保障措施|组织保障|组织领导)：?"
)


@dataclass(frozen=True)
class Heading:
    level: Level
    number: str  # as written, without the trailing 、 or ".": "二", "（八）", "1", "（1）", "①"; "" for a named part
    text: str  # what follows the number


def parse_heading(text: str) -> Heading | None:
    """The heading a normalised line starts with, if any."""
    if _NAMED_PART.fullmatch(text):
        return Heading(Level.CHINESE, "", text.rstrip("："))
    for level, numbering in _NUMBERINGS:
        match = numbering.match(text)
        if match:
            return Heading(level, match.group("number"), text[match.end() :].strip())
    return None


def is_arabic(number: str) -> bool:
    """Whether a heading's number is written in digits 0–9 ("12"), so ``int()`` reads it.

    ``str.isdigit`` is no test: it is true of ①, ⑴, ² and other digits that ``int()`` refuses.
    """
    return number.isascii() and number.isdigit()


def section_kind(title: str) -> SectionKind:
    for kind, words in _SECTION_KINDS:
        if words.search(title):
            return kind
    return SectionKind.OTHER


# A label that introduces a task's items: "具体任务：1、…2、…".
ITEMS_LABEL = re.compile("(?:具体任务|主要任务|工作任务|任务内容|具体措施|主要措施|工作措施|主要内容)：")
