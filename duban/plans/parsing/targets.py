"""Targets (量化指标): the measurable promises in an item's text.

    用水报装时间不超过20个工作日                 用水报装时间 <= 20 工作日
    将高压、低压客户办电环节分别压减至4个、3个     高压客户办电环节 <= 4 环节; 低压客户办电环节 <= 3 环节
    将项目环评审批时间压缩至法定时限的一半         环评审批时间 <= 0.5 法定时限
    实现小微企业100千伏安以下低压接入             小微企业低压接入 <= 100 千伏安
    支持建设社区卫生服务站4个，中西医综合门诊部1个  社区卫生服务站 >= 4 个; 中西医综合门诊部 >= 1 个
    持续打造3个工业旅游景点                       工业旅游景点 >= 3 个
    制定《…实施方案》                             deliverable 《…实施方案》

Each rule reads one clause (the text between two commas); a number that no
rule explains is not a target.  A document merely mentioned ("列入《…清单》的
项目") is not a deliverable: only one the item makes (制定/出台/印发/编制《…》).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .draft import DELIVERABLE, QUANTITY, TargetDraft
from .numerals import chinese_numeral_value
from .text import split_outside_brackets, strip_punctuation

#: The unit of a target set as a share of the statutory time limit.
STATUTORY_LIMIT = "法定时限"

_ARABIC = r"[0-9]{1,9}(?:\.[0-9]{1,6})?"
_CHINESE = r"[零一二两三四五六七八九十百]+"
# A count in words that does not start with 一: "一条龙", "一件事", "一站式" are idioms, not counts.
_CHINESE_COUNT = r"[二两三四五六七八九十][零一二三四五六七八九十百]*"
_TIME_UNITS = "个工作日|工作日|个自然日|自然日|个小时|小时|分钟|个月|天|日"
_MEASURE_UNITS = "千伏安|千瓦|千伏|兆瓦|平方公里|平方米|公里|亩|万元|亿元|元|吨|%"
_COUNT_UNITS = "个|家|项|次|件|份|户|所|座|处|条|人"
_UNIT = f"{_TIME_UNITS}|{_MEASURE_UNITS}|{_COUNT_UNITS}"
# A number with its unit; a number in words needs the unit ("三个"), so 一定, 一流 are not numbers.
_QUANTITY = rf"(?:{_ARABIC}(?:{_UNIT})?|{_CHINESE}(?:{_UNIT}))"
_QUANTITY_PARTS = re.compile(rf"(?P<value>{_ARABIC}|{_CHINESE})(?P<unit>{_UNIT})?")
_COUNT = rf"(?P<value>{_ARABIC}|{_CHINESE_COUNT})(?P<unit>{_COUNT_UNITS})(?:以上)?"

# "将项目环评审批时间压缩至法定时限的一半" / "…法定时限的50%".
_STATUTORY_SHARE = re.compile(
    r"(?P<subject>.*?)(?:压缩|缩短|压减|减少|控制)(?:至|到|在|为)?法定(?:办理)?(?:时限|期限)的"
    r"(?:(?P<half>一半|二分之一|1/2)|(?P<percent>[0-9]{1,3}(?:\.[0-9]+)?)%)"
)
# "实现开发区小微企业100千伏安以下低压接入": a threshold inside a goal.  Only
# after 实现/确保: "优化10千伏及以下电力工程审批流程" names a scope, not a goal.
_GOAL_THRESHOLD = re.compile(
    rf"(?:实现|确保)(?P<before>.*?)(?P<value>{_ARABIC})(?P<unit>{_UNIT})及?(?P<bound>以下|以内|以上)(?P<after>.*)"
)
# "用水报装时间不超过20个工作日", "将…分别压减至4个、3个", "控制在3个工作日以内".
_AT_MOST = re.compile(
    r"(?P<subject>.*?)(?:不超过|不多于|不高于|不大于|控制在|(?:压缩|压减|减少|缩短|缩减|精简|降低|降|减)(?:至|到|为|在))"
    rf"(?P<values>{_QUANTITY}(?:、{_QUANTITY})*)(?:以内|之内|以下|内)?"
)
# "一般登记事项3个工作日内办结".
_DONE_WITHIN = re.compile(
    rf"(?P<subject>.*?)(?P<value>{_ARABIC}|{_CHINESE})(?P<unit>{_TIME_UNITS})(?:以内|之内|内)"
    r"(?P<verb>办结|办理完毕|办完|完成|答复)"
)
# "网上可办率达到90%以上", "培训人数不少于200人".
_AT_LEAST = re.compile(
    r"(?P<subject>.*?)(?:不少于|不低于|达到|提高到|提高至|提升到|提升至|增加到|增加至|增长到|增至|(?<!不)超过)"
    rf"(?P<values>{_QUANTITY}(?:、{_QUANTITY})*)(?:以上)?"
)
# "办件满意率保持在99%".
_EXACTLY = re.compile(rf"(?P<subject>.*?)(?:稳定在|保持在)(?P<values>{_QUANTITY})")
# "网上可办率90%以上", "审批时限在5个工作日以内": a bound closing the clause,
# for rates and times only ("对100万元以上项目…" is a scope).
_BOUND_AT_END = re.compile(
    rf"(?P<subject>.+?)(?P<value>{_ARABIC})(?P<unit>{_TIME_UNITS}|%)及?(?P<bound>以上|以下|以内|之内|内)"
)
_BUILD_VERBS = "建设|新建|建成|打造|培育|引进|新增|创建|设立|开设|组建"
# "持续打造3个工业旅游景点".
_BUILD_COUNT_FIRST = re.compile(rf"(?:{_BUILD_VERBS}){_COUNT}(?P<subject>.+)")
# "支持建设社区卫生服务站4个".
_BUILD_COUNT_LAST = re.compile(rf"(?:{_BUILD_VERBS})(?P<subject>[^0-9]+?){_COUNT}$")
# "中西医综合门诊部1个" right after a clause that built something: built by the same verb.
_COUNT_ONLY = re.compile(rf"(?P<subject>[^0-9]+?){_COUNT}")
# "制定《准东开发区闲置土地…处置实施方案》", "出台《A》《B》".
_DELIVERABLE = re.compile(
    r"(?:制定|制订|出台|印发|编制|修订|起草)(?:并?(?:出台|印发|实施))?(?P<titles>《[^《》]+》(?:[、和及与]?《[^《》]+》)*)"
)
_DOCUMENT_TITLE = re.compile(r"《[^《》]+》")

# Words around a subject that belong to the sentence, not to what is measured.
# The zone and "项目" go too: in a zone's plan "开发区小微企业" are its 小微企业
# and "项目环评审批时间" is its 环评审批时间.
_LEADING_WORDS = re.compile(r"^(?:其中|同时|实现|确保|力争|推动|全面|开发区|全区|我区|园区|全市|全州|全县|项目)+")
# "实现…网上可办率达到95%以上" is read as a goal: the verb before the number is no part of what is measured.
_TRAILING_WORDS = re.compile(r"(?:均|分别|进一步|再|全部|逐步|力争|都|统一|平均|一律|在|要|达到|提高到|提高至|提升到|提升至)+$")
# What "将X压缩至…" measures is X.
_OBJECT_MARKER = re.compile("[将把]")

# A count in 个 of these is counted in them: "环节压减至4个" is 4 环节.
_COUNTED_NOUNS = ("环节", "事项", "材料", "证照", "手续")
# Units written with a classifier keep only the unit.
_UNIT_SPELLINGS = {"个工作日": "工作日", "个自然日": "自然日", "个小时": "小时"}


@dataclass
class _Reading:
    """What one rule read in a clause, before the subject is tidied."""

    subject: str
    comparator: str
    quantities: list[tuple[float, str]]  # (value, unit), one per subject in a "分别" list


def find_targets(text: str) -> list[TargetDraft]:
    """The targets an item's text states, in the order it states them."""
    targets: list[TargetDraft] = []
    earlier = _EarlierSubjects()
    for sentence in split_outside_brackets(text, "。；！？"):
        targets += _deliverables(sentence)
        building = False  # the previous clause built a count, so a bare "X N个" continues it
        for clause in split_outside_brackets(sentence, "，："):
            reading, rule = _read_clause(clause, building)
            building = rule in _BUILD_RULES
            if reading:
                found = _targets_from(reading, clause, earlier)
                targets += found
                for target in found:
                    earlier.add(target.subject)
    return targets


def _deliverables(sentence: str) -> list[TargetDraft]:
    return [
        TargetDraft(subject=title, comparator=None, value=None, unit="", kind=DELIVERABLE, source=match.group())
        for match in _DELIVERABLE.finditer(sentence)
        for title in _DOCUMENT_TITLE.findall(match.group("titles"))
    ]


def _read_clause(clause: str, building: bool) -> tuple[_Reading | None, Callable | None]:
    rules = _RULES + ((_continued_count,) if building else ())
    for rule in rules:
        reading = rule(clause)
        if reading:
            return reading, rule
    return None, None


def _statutory_share(clause: str) -> _Reading | None:
    match = _STATUTORY_SHARE.match(clause)
    if not match:
        return None
    share = 0.5 if match.group("half") else float(match.group("percent")) / 100
    return _Reading(match.group("subject"), "<=", [(share, STATUTORY_LIMIT)])


def _goal_threshold(clause: str) -> _Reading | None:
    match = _GOAL_THRESHOLD.search(clause)
    if not match:
        return None
    comparator = ">=" if match.group("bound") == "以上" else "<="
    subject = _clean_subject(match.group("before")) + _clean_subject(match.group("after"))
    return _Reading(subject, comparator, [_quantity(match.group("value"), match.group("unit"))])


def _comparison(pattern: re.Pattern[str], comparator: str) -> Callable[[str], _Reading | None]:
    def read(clause: str) -> _Reading | None:
        match = pattern.match(clause)
        if not match:
            return None
        return _Reading(match.group("subject"), comparator, _quantities(match.group("values")))

    return read


def _done_within(clause: str) -> _Reading | None:
    match = _DONE_WITHIN.match(clause)
    if not match:
        return None
    subject = _clean_subject(match.group("subject")) + match.group("verb") + "时间"
    return _Reading(subject, "<=", [_quantity(match.group("value"), match.group("unit"))])


def _bound_at_end(clause: str) -> _Reading | None:
    match = _BOUND_AT_END.fullmatch(clause)
    if not match:
        return None
    comparator = ">=" if match.group("bound") == "以上" else "<="
    return _Reading(match.group("subject"), comparator, [_quantity(match.group("value"), match.group("unit"))])


def _counted(find: Callable[[str], re.Match[str] | None]) -> Callable[[str], _Reading | None]:
    def read(clause: str) -> _Reading | None:
        match = find(clause)
        if not match:
            return None
        return _Reading(match.group("subject"), ">=", [_quantity(match.group("value"), match.group("unit"))])

    return read


_build_count_first = _counted(_BUILD_COUNT_FIRST.search)
_build_count_last = _counted(_BUILD_COUNT_LAST.search)
_continued_count = _counted(_COUNT_ONLY.fullmatch)
_BUILD_RULES = (_build_count_first, _build_count_last, _continued_count)
_RULES = (
    _statutory_share,
    _goal_threshold,
    _comparison(_AT_MOST, "<="),
    _done_within,
    _comparison(_AT_LEAST, ">="),
    _comparison(_EXACTLY, "="),
    _bound_at_end,
    _build_count_first,
    _build_count_last,
)


def _quantity(value: str, unit: str | None) -> tuple[float, str]:
    unit = unit or ""
    return chinese_numeral_value(value), _UNIT_SPELLINGS.get(unit, unit)


def _quantities(text: str) -> list[tuple[float, str]]:
    """ "4个、3个" → [(4, 个), (3, 个)]; "10个、8个工作日" → [(10, 工作日), (8, 工作日)].

    A value written without its unit, or with only the first part of it, shares
    the unit of the last value.
    """
    parts = [match for part in text.split("、") if (match := _QUANTITY_PARTS.fullmatch(part))]
    quantities = []
    shared_unit = ""
    for part in reversed(parts):
        unit = part.group("unit") or ""
        if shared_unit.startswith(unit):
            unit = shared_unit
        quantities.insert(0, _quantity(part.group("value"), unit))
        shared_unit = unit
    return quantities


def _targets_from(reading: _Reading, clause: str, earlier: _EarlierSubjects) -> list[TargetDraft]:
    subjects = _distribute(_clean_subject(reading.subject), len(reading.quantities))
    targets = []
    for subject, (value, unit) in zip(subjects, reading.quantities):
        subject = earlier.complete(subject)
        if subject:
            targets.append(TargetDraft(subject, reading.comparator, value, _counted_unit(subject, unit), QUANTITY, clause))
    return targets


def _clean_subject(text: str) -> str:
    text = _OBJECT_MARKER.split(text)[-1]
    text = _LEADING_WORDS.sub("", strip_punctuation(text))
    return strip_punctuation(_TRAILING_WORDS.sub("", text))


def _distribute(subject: str, count: int) -> list[str]:
    """ "高压、低压客户办电环节" with two values is 高压客户办电环节 and 低压客户办电环节.

    The names before the last are its parallel modifiers: each takes the rest
    of the last name after a modifier of its own length.  Without one name per
    value (e.g. "…均不超过15个工作日") the subject stays whole, with one value.
    """
    names = split_outside_brackets(subject, "、")
    if count == 1 or len(names) != count:
        return [subject]
    last = names[-1]
    return [name + last[len(name) :] if len(name) < len(last) else name for name in names[:-1]] + [last]


class _EarlierSubjects:
    """The quantity subjects an item has stated so far, to complete a subject cut short.

    "具备直接装表条件的低压客户" after "低压客户办电环节" means 具备直接装表条件的低压客户办电环节:
    a subject that ends where an earlier one of the same item begins (two or more characters)
    borrows that subject's rest — the latest such subject, with the longest overlap.  Each
    subject's beginnings are kept in a dict, so completing one costs the same however many came
    before it (an item of thousands of clauses stays linear).
    """

    # Overlaps longer than this are not looked for: a subject is a few words, not a paragraph.
    MAX_OVERLAP = 32

    def __init__(self) -> None:
        self._latest: dict[str, tuple[int, str]] = {}  # a beginning → (when, the subject it begins)
        self._count = 0

    def add(self, subject: str) -> None:
        self._count += 1
        for overlap in range(2, min(len(subject) - 1, self.MAX_OVERLAP) + 1):
            self._latest[subject[:overlap]] = (self._count, subject)

    def complete(self, subject: str) -> str:
        best: tuple[int, int, str] | None = None  # (when, overlap, earlier subject)
        for overlap in range(2, min(len(subject), self.MAX_OVERLAP) + 1):
            found = self._latest.get(subject[-overlap:])
            if found is not None and (best is None or (found[0], overlap) > best[:2]):
                best = (found[0], overlap, found[1])
        return subject + best[2][best[1] :] if best else subject


def _counted_unit(subject: str, unit: str) -> str:
    if unit == "个":
        for noun in _COUNTED_NOUNS:
            if subject.endswith(noun):
                return noun
    return unit
