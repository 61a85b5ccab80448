"""What comes before a plan's own title: the 印发通知 that sends it, and the date it was signed.

A plan is usually published inside a notice ("关于印发…方案的通知"): a masthead, the 文号
(粤府〔2021〕22号), the addressees ("各市州、县市区人民政府：…"), "现印发给你们", the issuer,
the 成文日期 (2021年3月10日) and "（此件主动公开）".  The plan itself — its title, its parts —
starts after that.  The 成文日期 also gives the plan's year when its title has none.
"""

from __future__ import annotations

import re

from .numerals import chinese_numeral_value
from .text import Line

# Only the first lines of a document are searched for a notice.
_FRONT_MATTER_MAX_LINES = 60

# The sentence that sends the plan: "现印发给你们", "现将《…》印发给你们", "现予印发".
_SENDS_THE_PLAN = re.compile("印发给你们|现印发|印发你们|现予印发|现将.{0,80}印发|现转发给你们|印发给各")
# "关于印发…的通知" (or 转发): the notice's own title, never the plan's.
_NOTICE_TITLE = re.compile("关于(?:印发|转发)(?P<plan>.+?)的通知$")
# "（此件主动公开）", "（此件公开发布）", "（此件不公开）".
_PUBLICITY_MARK = re.compile(r"（此件.{0,8}）")
_ATTACHMENT_MARK = re.compile(r"附件[0-9一二三四五六七八九十]*：?")

# The issuer signing above the date: "某市人民政府办公室", "中共某区委办公室".
_ISSUER_ENDING = re.compile("(?:政府|办公室|办公厅|委员会|管委会|局|厅|委|办|领导小组)$")
_ISSUER_MAX_LENGTH = 30

_ARABIC_DATE = r"(?P<year>(?:19|20)[0-9]{2})年[0-9]{1,2}月[0-9]{1,2}日"
_CHINESE_DATE = r"(?P<cyear>[〇零一二三四五六七八九]{4})年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日"
# A line that is only a date, as the 成文日期 is written under the issuer's name.
_DATE_LINE = re.compile(rf"（?(?:{_ARABIC_DATE}|{_CHINESE_DATE})）?")


def split_front_matter(lines: list[Line]) -> list[Line]:
    """The lines from the plan's own title on, without the notice that sends it."""
    sends = next((index for index, line in enumerate(lines[:_FRONT_MATTER_MAX_LINES]) if _SENDS_THE_PLAN.search(line.text)), None)
    if sends is None:
        return lines
    start = sends + 1
    dated = next((index for index in range(start, min(len(lines), start + _FRONT_MATTER_MAX_LINES)) if issued_year_of(lines[index].text)), None)
    if dated is not None:
        start = dated + 1
    while start < len(lines) and (_PUBLICITY_MARK.fullmatch(lines[start].text) or _ATTACHMENT_MARK.fullmatch(lines[start].text)):
        start += 1
    return lines[start:] if start < len(lines) else lines


def without_signature(lines: list[Line]) -> list[Line]:
    """The lines without the issuer and 成文日期 that close a document (and a publicity mark)."""
    end = len(lines)
    while end and _PUBLICITY_MARK.fullmatch(lines[end - 1].text):
        end -= 1
    if end and issued_year_of(lines[end - 1].text):
        end -= 1
        while end and _is_issuer(lines[end - 1].text):
            end -= 1
    return lines[:end]


def _is_issuer(text: str) -> bool:
    return len(text) <= _ISSUER_MAX_LENGTH and not re.search("[。；：，、]", text) and _ISSUER_ENDING.search(text) is not None


def issued_year_of(text: str) -> int | None:
    """The year of a line that is only a date (the 成文日期): 2021年3月10日, 二〇二一年三月十日."""
    match = _DATE_LINE.fullmatch(text)
    if not match:
        return None
    if match.group("year"):
        return int(match.group("year"))
    return int("".join(str(int(chinese_numeral_value(digit))) for digit in match.group("cyear")))


def issued_year(lines: list[Line]) -> int | None:
    """The year of the first line that is only a date, anywhere in the document."""
    return next((year for line in lines if (year := issued_year_of(line.text))), None)


def plan_of_notice_title(title: str) -> str:
    """"关于印发《X方案》的通知" → "X方案"; any other title as it is."""
    match = _NOTICE_TITLE.search(title)
    if not match:
        return title
    plan = match.group("plan")
    if plan.startswith("《") and plan.endswith("》"):
        plan = plan[1:-1]
    return plan
