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
# Zero is written 〇 or, as often, ○ (a white circle): 二○二一年三月一日.
_CHINESE_DATE = r"(?P<cyear>[〇○零一二三四五六七八九]{4})年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日"
# Web pages print the date in figures: 2019-01-16, 2019.1.16, or run together as 2019116.
_FIGURES_DATE = r"(?P<fyear>(?:19|20)[0-9]{2})(?:[-./][0-9]{1,2}[-./][0-9]{1,2}|[0-9]{3,4})"
# A line that is only a date, as the 成文日期 is written under the issuer's name.
_DATE_LINE = re.compile(rf"（?(?:{_ARABIC_DATE}|{_CHINESE_DATE}|{_FIGURES_DATE})）?")
# The document's own number (文号), on a line of its own or closing its title: 粤府〔2021〕22号,
# 许政[2020]20号, 某政办发（2021）3号.
DOCUMENT_NUMBER = r"[^，。；：、]{1,12}[〔（\[](?P<year>(?:19|20)[0-9]{2})[〕）\]][0-9]{1,4}号"
_DOCUMENT_NUMBER_LINE = re.compile(DOCUMENT_NUMBER)
_TITLE_WITH_NUMBER = re.compile(rf"(?P<title>.+)（{DOCUMENT_NUMBER}）")

# How a notice or a news item names the plan it sends: "现将《X》印发给你们", "《X》已经市政府同意，
# 现印发给你们", "广东省人民政府印发《X》"; "国务院发布关于落实…分工的意见" (no marks).
_PLAN_WORD = "方案|计划|要点|意见|规划|办法|细则|清单|安排|分工|分解|任务|措施|分解表"
_NAMED_IN_MARKS = re.compile(r"(?:印发|发布|出台)了?《(?P<after>[^《》]+)》|《(?P<before>[^《》]+)》[^《》。]{0,40}?印发")
_NAMED_WITHOUT_MARKS = re.compile(
    rf"(?P<issuer>国务院|[^，。；：、《》]{{2,16}}?(?:人民政府|政府|办公厅|办公室|委员会))?(?:印发|发布|出台)了?"
    rf"(?P<title>关于[^，。；]*?的(?:{_PLAN_WORD}))(?=[，。；]|$)"
)
_ENDS_IN_PLAN_WORD = re.compile(rf"(?:{_PLAN_WORD})(?:（[^（）]*）)?$")
# The notice is read in its first lines, joined: a sentence may run over several short lines.
_NOTICE_MAX_CHARACTERS = 2000


def split_front_matter(lines: list[Line]) -> list[Line]:
    """The lines from the plan's own title on, without the notice that sends it."""
    sends = next((index for index, line in enumerate(lines[:_FRONT_MATTER_MAX_LINES]) if _SENDS_THE_PLAN.search(line.text)), None)
    if sends is None:
        return lines
    start = sends + 1
    dated = next((index for index in range(start, min(len(lines), start + _FRONT_MATTER_MAX_LINES)) if issued_year_of(lines[index].text)), None)
    if dated is not None:
        start = dated + 1
    # What follows the sending sentence before the plan: the issuer (when no date is written, or
    # one the page garbled), a publicity mark, "附件".
    while start < len(lines) and (
        _PUBLICITY_MARK.fullmatch(lines[start].text)
        or _ATTACHMENT_MARK.fullmatch(lines[start].text)
        or (dated is None and _is_issuer(lines[start].text))
    ):
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
    if match.group("year") or match.group("fyear"):
        return int(match.group("year") or match.group("fyear"))
    return int("".join(str(int(chinese_numeral_value(digit))) for digit in match.group("cyear")))


def issued_year(lines: list[Line]) -> int | None:
    """The year of the first line that is only a date, anywhere in the document."""
    return next((year for line in lines if (year := issued_year_of(line.text))), None)


def numbered_year(lines: list[Line], title: str) -> int | None:
    """The year of the document's own 文号: closing its title, or on a line of its own near the top."""
    match = _TITLE_WITH_NUMBER.fullmatch(title)
    if match is None:
        match = next((found for line in lines[:_FRONT_MATTER_MAX_LINES] if (found := _DOCUMENT_NUMBER_LINE.fullmatch(line.text))), None)
    return int(match.group("year")) if match else None


def without_document_number(title: str) -> str:
    """"池州市人民政府关于…的实施意见（池政〔2017〕101号）" → the title without its 文号."""
    match = _TITLE_WITH_NUMBER.fullmatch(title)
    return match.group("title") if match else title


def plan_named_by_notice(lines: list[Line]) -> str:
    """The plan as the notice (or news item) that sends it names it: "现将《X》印发给你们" → X.

    Only a name that ends in a plan word counts ("《政府工作报告》提出的…" names no plan); a
    sentence cut over several short lines is read whole.
    """
    text, length = [], 0
    for line in lines[:_FRONT_MATTER_MAX_LINES]:
        text.append(line.text)
        length += len(line.text)
        if length > _NOTICE_MAX_CHARACTERS:
            break
    joined = "".join(text)[:_NOTICE_MAX_CHARACTERS]
    for match in _NAMED_IN_MARKS.finditer(joined):
        name = unmarked(f"《{match.group('after') or match.group('before')}》")
        if _ENDS_IN_PLAN_WORD.search(name):
            return name
    match = _NAMED_WITHOUT_MARKS.search(joined)
    if match:
        return (match.group("issuer") or "") + match.group("title")
    return ""


def unmarked(title: str) -> str:
    """A title without the book-title marks around it; the marks inside become 《》 again:
    "《2023年省〈政府工作报告〉工作任务分工方案》" → 2023年省《政府工作报告》工作任务分工方案."""
    if title.startswith("《") and title.endswith("》") and title.count("《") == 1:
        return title[1:-1].replace("〈", "《").replace("〉", "》")
    return title


def plan_of_notice_title(title: str) -> str:
    """"关于印发《X方案》的通知" → "X方案"; any other title as it is."""
    match = _NOTICE_TITLE.search(title)
    if not match:
        return title
    return unmarked(match.group("plan"))
