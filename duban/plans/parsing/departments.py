"""Department lists: splitting them into names, and knowing each department once.

A list is what follows 牵头部门：/配合单位：/责任单位：, e.g.
"党政办、组织部（人社局）、财政局" or "市场监管分局牵头，税务局、经发局配合".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import Enum

from .draft import (
    ALL_DEPARTMENTS,
    KIND_COUNTY_OFFICE,
    KIND_ENTERPRISE,
    KIND_INTERNAL,
    KIND_OTHER,
    KIND_STATIONED,
    DepartmentDraft,
)
from .text import split_outside_brackets, strip_punctuation


class Role(Enum):
    LEAD = "lead"  # 牵头
    COOPERATING = "cooperating"  # 配合
    RESPONSIBLE = "responsible"  # 负责: the lead, unless another department leads
    SHARED = "shared"  # 按职责分工负责: cooperating beside a lead; with none, a list without a split


# Words that mean every department of the zone; all are read as ALL_DEPARTMENTS.
_ALL_DEPARTMENTS_WORDS = frozenset({ALL_DEPARTMENTS, "各单位", "各有关部门", "各相关部门", "各有关单位", "各相关单位", "各成员单位"})

# What a department does, written after it or its group: "市场监管分局牵头", "税务局、经发局配合",
# "有关部门按职责分工负责".  Longer words first, so 牵头负责 is not read as 负责.
_ROLE_WORDS = {
    **dict.fromkeys(("按职责分工负责", "按照职责分工负责", "按职责负责", "按职能分工负责", "按职责分工落实", "分别负责", "共同负责"), Role.SHARED),
    # "市经信委牵头落实": what the lead does may follow 牵头 (落实, 实施, 推进, 抓总).
    **dict.fromkeys(("牵头负责", "牵头落实", "牵头实施", "牵头推进", "牵头抓总", "总牵头", "牵头", "组织实施"), Role.LEAD),
    **dict.fromkeys(("具体负责", "负责落实", "负责"), Role.RESPONSIBLE),
    **dict.fromkeys(("参与配合", "协同配合", "配合落实", "配合实施", "配合", "参与", "协助", "协同", "协办"), Role.COOPERATING),
}
_ROLE_ALTERNATIVES = "|".join(sorted(_ROLE_WORDS, key=len, reverse=True))
_ROLE_AFTER_GROUP = re.compile(rf"(?P<names>.+?)(?P<role>{_ROLE_ALTERNATIVES})$")
# A role written in brackets after one name: "市场监管分局（牵头）".
_ROLE_AFTER_NAME = re.compile(rf"(?P<name>.+?)（(?P<role>{_ROLE_ALTERNATIVES})）$")

# Tables mark the lead among the responsible units with a star: "区财政局*、区发改局".
_LEAD_MARKS = ("*", "＊", "★", "☆")

_REMARK_IN_BRACKETS = re.compile(r"（[^（）]*(?:牵头|下同|同上|排名|排序)[^（）]*）$")

# "…等" / "…等部门" / "…等有关单位" / "…等10个相关职能部门" closing a list adds no department.
_TRAILING_ETC = re.compile(r"等(?:[0-9一二三四五六七八九十]+[个家])?(?:有关|相关)?(?:职能|成员|责任)?(?:部门|单位)?$")
# "（由区财政局负责）": the 由 is the sentence's, not the name's.
_LEADING_BY = re.compile(r"^由(?=.)")

# The trailing word that makes a name an organisation.  A name without one
# ("奇台" in "奇台、木垒、吉木萨县协调办") borrows the next name's.
_ORGANISATION_ENDINGS = ("协调办", "办公室", "管委会", "分公司", "公司", "分局", "中心", "集团", "银行")
_COLLECTIVE_ENDINGS = ("部门", "单位", "政府", "机构", "机关", "企业")
_ORGANISATION_LAST_CHARS = frozenset("局办部委所站院会队处科室厅组行社馆校团署联协关")
# A bare name is at most a place name: "奇台", "吉木萨县".
_BARE_NAME_MAX_LENGTH = 4
# Names that stand for a place or body of their own and borrow nothing: a zone or district
# (经开区, 高新区), customs (海关), an airport or farm (机场) — "经开区、高新区、规建局" lists
# 经开区, not 经开区局.  A market, park or port (五金城, 物流园) too, from three characters on:
# "东城、西城区教委" is shorthand for 东城区教委.
_SELF_STANDING_ENDINGS = frozenset("区关场")
_PLACE_WORDS = frozenset("城园港")
_PLACE_NAME_MIN_LENGTH = 3
# A place name followed by an administrative level and an organisation: "吉木萨" + "县协调办".
# The place takes at least two characters.  Only such a suffix is lent: an office word alone
# ("局" of 规建局) would turn 经发 into a 经发局 the plan never named.
_PLACE_AND_SUFFIX = re.compile(r"..+?(?P<suffix>[县市区州旗镇乡].*)")
# "各区、县级市" is one party (every district and county-level city), not 各区 and 县级市: the
# second name is only a level, perhaps with its government ("各市州、县市区人民政府").  In
# "各县、市直有关部门" the second is a party of its own.
_EVERY_LEVEL = re.compile(r"各(?:有关|相关)?(?:区|县|市|乡|镇|乡镇|街道|旗|市州|县区|县市区)")
_BARE_LEVEL = re.compile(
    r"(?:县级市|县市区|市州|县区|市县|区县|县市|旗县|乡镇|街道|区|县|市|乡|镇|旗|州)(?:人民政府|政府|管委会)?"
)
# Two names joined by a word instead of 、: "省直相关部门及各市州人民政府".
_CONJUNCTIONS = re.compile("及|以及|和|与")

# A name with an alias in brackets: "组织部（人社局）" (the same office under two names).
_ALIAS_IN_BRACKETS = re.compile(r"(?P<base>.+?)（(?P<aliases>[^（）]+)）$")

# Kinds, checked in this order (the order): a branch company of the
# grid is a 公司 first, so an enterprise; "供电" alone (供电局/供电所) is stationed.
_STATIONED_MARKERS = ("分局", "税务局", "供电")
_INTERNAL_ENDINGS = ("局", "办", "部", "委", "中心", "所", "站")


class DepartmentList(list):
    """The (name, role) pairs of one list; ``completed`` maps each name completed from shorthand
    ("奇台" → "奇台县协调办") to the name as written, so the guess can be checked."""

    def __init__(self, named: Iterable[tuple[str, Role | None]], completed: dict[str, str]) -> None:
        super().__init__(named)
        self.completed = completed


def read_department_list(text: str) -> DepartmentList:
    """The names in one list, each with the role the list itself gives it (or None)."""
    named: list[tuple[str, Role | None]] = []
    since = 0  # first name after the last role word: "A，B、C等配合" gives 配合 to A too
    for group in split_outside_brackets(text, "，；,;"):
        group_role = None
        match = _ROLE_AFTER_GROUP.fullmatch(group)
        if match:
            group, group_role = match.group("names"), _ROLE_WORDS[match.group("role")]
        parts = [part for name in split_outside_brackets(group, "、") for part in _split_conjunctions(name)]
        for part in _joined_levels(parts):
            part, name_role = _name_and_role(part)
            if part:
                named.append((part, name_role))
        if group_role is not None:
            named[since:] = [(name, role or group_role) for name, role in named[since:]]
            since = len(named)
    written = [name for name, _ in named]
    names = _complete_bare_names(written)
    completed = {name: before for name, before in zip(names, written) if name != before}
    return DepartmentList([(name, role) for name, (_, role) in zip(names, named)], completed)


def role_at_end(text: str) -> Role | None:
    """The role word a phrase ends with: "X牵头" → LEAD; None when it ends with none."""
    match = _ROLE_AFTER_GROUP.fullmatch(text)
    return _ROLE_WORDS[match.group("role")] if match else None


def _joined_levels(names: list[str]) -> list[str]:
    joined: list[str] = []
    for name in names:
        previous = joined[-1] if joined else ""
        if _EVERY_LEVEL.fullmatch(previous) and _BARE_LEVEL.fullmatch(name):
            joined[-1] = f"{previous}、{name}"
        else:
            joined.append(name)
    return joined


def _split_conjunctions(name: str) -> list[str]:
    parts = _CONJUNCTIONS.split(name)
    if len(parts) > 1 and all(is_organisation(strip_punctuation(part)) for part in parts):
        return parts
    return [name]


def _name_and_role(name: str) -> tuple[str, Role | None]:
    role = None
    match = _ROLE_AFTER_NAME.fullmatch(name)
    if match:
        name, role = match.group("name"), _ROLE_WORDS[match.group("role")]
    else:
        # "市财政局（第一责任单位为牵头单位，下同）": a remark on the list, not part of the name.
        name = _REMARK_IN_BRACKETS.sub("", name)
    if role is None and name.endswith(_LEAD_MARKS):
        name, role = name.rstrip("".join(_LEAD_MARKS)), Role.LEAD
    name = strip_punctuation(_TRAILING_ETC.sub("", strip_punctuation(name)))
    if _LEADING_BY.match(name) and is_party(name[1:]):
        name = name[1:]
    if name in _ALL_DEPARTMENTS_WORDS:
        name = ALL_DEPARTMENTS
    return name, role


def _complete_bare_names(names: list[str]) -> list[str]:
    """Give bare place names the organisation of the next full name after them.

    "奇台、木垒、吉木萨县协调办" lists three offices: 奇台县协调办, 木垒县协调办
    and 吉木萨县协调办.  A place standing for itself (经开区, 海关) is whole, lends nothing
    and is lent nothing.
    """
    completed = list(names)
    suffix = ""
    for index in range(len(names) - 1, -1, -1):
        name = names[index]
        if _names_a_place(name):
            suffix = ""
        elif is_organisation(name):
            suffix = _organisation_suffix(name)
        elif suffix and len(name) <= _BARE_NAME_MAX_LENGTH:
            completed[index] = _append_overlapping(name, suffix)
    return completed


def _names_a_place(name: str) -> bool:
    return name[-1:] in _SELF_STANDING_ENDINGS or (len(name) >= _PLACE_NAME_MIN_LENGTH and name[-1] in _PLACE_WORDS)


def is_organisation(name: str) -> bool:
    """Whether a name names a party: an office, a company, a government, or a group of them (各地)."""
    return (
        name == ALL_DEPARTMENTS
        or name.startswith("各")
        or name.endswith(("）", *_ORGANISATION_ENDINGS, *_COLLECTIVE_ENDINGS))
        or name[-1:] in _ORGANISATION_LAST_CHARS
    )


def is_party(name: str) -> bool:
    """Whether a name can be a party to an item: an organisation, or a place that stands for its own
    body (经开区, 机场, 五金城)."""
    return is_organisation(name) or _names_a_place(name)


def _organisation_suffix(name: str) -> str:
    """What a full name lends the bare names before it: the part from its administrative level on."""
    if name == ALL_DEPARTMENTS or name.endswith(("）", *_COLLECTIVE_ENDINGS)) or name.startswith("各"):
        return ""
    place = _PLACE_AND_SUFFIX.fullmatch(name)
    return place.group("suffix") if place else ""


def _append_overlapping(name: str, suffix: str) -> str:
    # "奇台县" + "县协调办" is 奇台县协调办, not 奇台县县协调办.
    for overlap in range(min(len(name), len(suffix)), 0, -1):
        if name.endswith(suffix[:overlap]):
            return name + suffix[overlap:]
    return name + suffix


def aliases_of(name: str) -> list[str]:
    """Other names of the same department written in brackets: 组织部（人社局） → [人社局]."""
    match = _ALIAS_IN_BRACKETS.fullmatch(name)
    if not match:
        return []
    aliases = split_outside_brackets(match.group("aliases"), "、，")
    if all(is_organisation(alias) for alias in aliases):
        return aliases
    return []


def _without_aliases(name: str) -> str:
    return _ALIAS_IN_BRACKETS.sub(r"\g<base>", name) if aliases_of(name) else name


def department_kind(name: str) -> str:
    base = _without_aliases(name)
    if "县协调办" in base:
        return KIND_COUNTY_OFFICE
    if "公司" in base:
        return KIND_ENTERPRISE
    if any(marker in base for marker in _STATIONED_MARKERS):
        return KIND_STATIONED
    if base.endswith(_INTERNAL_ENDINGS):
        return KIND_INTERNAL
    return KIND_OTHER


class DepartmentRegistry:
    """Every department a plan names, once, under one name.

    A department written once as "组织部（人社局）" and elsewhere as plain
    "人社局" is the same department; the bracketed form is kept as its name.
    """

    def __init__(self, names: Iterable[str]) -> None:
        names = list(names)
        self._canonical = {alias: name for name in names for alias in aliases_of(name)}
        self._departments: dict[str, DepartmentDraft] = {}
        for name in names:
            self._register(self.canonical(name))

    def canonical(self, name: str) -> str:
        return self._canonical.get(name, name)

    def canonical_list(self, names: Iterable[str]) -> list[str]:
        return list(dict.fromkeys(self.canonical(name) for name in names))

    def _register(self, name: str) -> None:
        if name != ALL_DEPARTMENTS and name not in self._departments:
            self._departments[name] = DepartmentDraft(name, aliases_of(name), department_kind(name))

    @property
    def departments(self) -> list[DepartmentDraft]:
        return list(self._departments.values())
