"""Names a document takes from its plan: the work it reports on, the steering group, the issuing office.

The plan's title says what the zone's steering group is for — 准东开发区2020年深化“放管服”改革工作方案
is run by the 准东开发区深化“放管服”改革领导小组, whose office (领导小组办公室) issues the documents —
so the names are read from the title, not written into the code.
"""

import re

_PLAN_SUFFIX = re.compile(r"(?:工作|实施)?方案$")
_YEAR = re.compile(r"^\d{4}年度?")


def plan_work(title: str) -> str:
    """准东开发区2020年深化“放管服”改革工作方案 → 准东开发区2020年深化“放管服”改革工作."""
    stem = _PLAN_SUFFIX.sub("", title.strip())
    return stem if stem.endswith("工作") else f"{stem}工作"


def _subject(zone_name: str, title: str) -> str:
    """What the plan is about, without the zone and the year: 深化“放管服”改革."""
    stem = _PLAN_SUFFIX.sub("", title.strip())
    stem = stem.removeprefix(zone_name)
    stem = _YEAR.sub("", stem)
    return stem.removesuffix("工作")


def steering_group(zone_name: str, title: str) -> str:
    """准东开发区深化“放管服”改革领导小组."""
    return f"{zone_name}{_subject(zone_name, title)}领导小组"


def issuing_office(zone_name: str, title: str) -> str:
    """发文机关署名: 准东开发区深化“放管服”改革领导小组办公室."""
    return f"{steering_group(zone_name, title)}办公室"
