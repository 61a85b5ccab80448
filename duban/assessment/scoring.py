"""Scoring (绩效考核): facts in, scheme in, score lines, flags and grades out.

Pure Python, no Django, so every rule can be worked out by hand in a test.  The database
side (``facts.py``) gathers each department's facts; the pages only show what comes out.

A department's score is the sum of its lines, each line rounded to 0.01 (half up), so the
lines on its page add up to its total exactly:

- **weighted style** (权重制): one line per part (部分) of the scheme.  A part is a measure,
  a ratio ``good / total`` (e.g. reports on time / reports due), and earns ``weight × ratio``.
  A part that does not apply to the department (``total == 0``: no lead item due yet, no rated
  case …) earns nothing and its weight is shared out over the parts that do apply: each
  applicable part's weight is scaled by ``100 / Σ applicable weights``.  When none applies, the
  department is not assessed (不参评): no total, no rank, no grade.
- **base style** (基础分制): one line for the base score.
- both: one line per rule of the rule table (加分 / 减分) that found something, then, when the
  bonuses or the deductions exceed the scheme's overall cap, one line taking the excess off.

A rule counts occurrences (records) of its trigger: each earns the rule's points for a lead
department or for a cooperating one, by the department's role on the record's item.  In
order: an item counts once in a rule marked ``once_per_item``; with the scheme's
``no_double_count`` (同一事项不重复计分), an item found by several rules of the same sign
counts only in the one that gives it the most points; a rule's sum is held to its cap; the
sum of all bonuses (and of all deductions) to the scheme's caps.

Flags are not points: a 取消评优 rule (``disqualify``) found at least ``threshold`` times keeps
the department out of the top grade; a 一票否决 rule (``veto``) puts it in the lowest.
Grades come from bands (lowest minimum first excluded: the last band takes every score
below the others), then the optional cap on the share of the top grade.
See docs/assessment.md for the default scheme and why.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

LEAD, COOPERATING = "lead", "cooperating"

WEIGHTED, BASE = "weighted", "base"
BONUS, DEDUCTION, DISQUALIFY, VETO = "bonus", "deduction", "disqualify", "veto"
POINT_EFFECTS = (BONUS, DEDUCTION)
FLAG_EFFECTS = (DISQUALIFY, VETO)

#: The trigger of a rule whose occurrences are entries the assessment office records (a
#: commendation document, a criticism, a report found untrue): they name the rule themselves.
ENTRY = "entry"

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Measure:
    """What a part measures, in the words its line uses."""

    name: str
    good: str  # what the numerator counts, e.g. 按时报送
    total: str  # what the denominator counts, e.g. 应报送
    unit: str


#: The measures a part may use, keyed as facts.py delivers them.
MEASURES = {
    "completion": Measure("牵头任务完成率", "已销号", "到期牵头任务", "项"),
    "timeliness": Measure("台账按时报送率", "按时报送", "应报送", "期"),
    "quality": Measure("台账质量（退回返工）", "未被退回", "已报送", "期"),
    "meetings": Measure("推进会议召开率", "已召开", "应召开", "期"),
    "targets": Measure("量化指标达标率", "达标", "已测算", "项"),
    "satisfaction": Measure("服务满意度（好差评）", "非差评", "已评价", "件"),
    "cooperation": Measure("配合任务报送率", "已报送", "应报送", "期"),
}

#: The triggers a rule may use: what one occurrence is.
TRIGGERS = {
    "overdue_item": "任务逾期未完成（过完成时限，未销号、未调整）",
    "failed_item": "任务未完成且无正当理由（未销号、未结转、未调整）",
    "late_report": "台账逾期报送（每期）",
    "missing_report": "台账应报未报（每期）",
    "returned_report": "台账被退回返工（每次）",
    "missed_meeting": "未按频次召开推进会议（每期）",
    "missed_target": "量化指标未达标（红灯，每项）",
    "unanswered_notice": "督办通知未在回复期限内回复（每份）",
    "bad_rating": "差评（不满意、非常不满意，申诉复核撤销的除外，每件）",
    ENTRY: "绩效办登记的事项（表彰文件、通报批评、报告不实等）",
}

EFFECTS = {BONUS: "加分", DEDUCTION: "减分", DISQUALIFY: "取消评优", VETO: "一票否决"}

#: The grade of a department none of whose parts applies: shown, but not scored, ranked nor listed.
NOT_ASSESSED = "不参评"


# ---- facts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """A record a line counted: what it is and how the page cites and links it."""

    kind: str  # item, assignment, report, meeting, period, target, case, notice, entry
    id: int | None  # for the link; None for what has no page (a period without a meeting)
    label: str  # e.g. （八）第3项 · 2020年5月台账
    note: str = ""  # its state in words: 逾期 3 天报送, 未报送, 已销号 …
    item: int | None = None  # the item it concerns, for "no double counting per item"
    role: str = LEAD  # the department's role on that item: which of a rule's points apply


@dataclass(frozen=True)
class Ratio:
    """A measure's fact: ``good`` of ``total``, with the records behind it (``total == 0``: not applicable)."""

    good: int
    total: int
    records: tuple[Record, ...] = ()
    detail: str = ""  # a breakdown the plain ratio does not show (差评 = 不满意 + 非常不满意 − 申诉撤销)

    def __post_init__(self):
        if not 0 <= self.good <= self.total:
            raise ValueError(f"ratio {self.good}/{self.total} out of range")


@dataclass(frozen=True)
class DepartmentFacts:
    department: int
    name: str
    order: int = 0
    measures: dict[str, Ratio] = field(default_factory=dict)  # measure key → ratio
    events: dict[str, tuple[Record, ...]] = field(default_factory=dict)  # trigger → occurrences
    entries: dict[str, tuple[Record, ...]] = field(default_factory=dict)  # entry rule key → its entries


# ---- the scheme --------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    measure: str
    weight: Decimal

    @property
    def name(self) -> str:
        return MEASURES[self.measure].name


@dataclass(frozen=True)
class Rule:
    key: str  # stable within the scheme: entries name their rule by it
    name: str
    trigger: str
    effect: str
    lead_points: Decimal = Decimal(0)
    cooperating_points: Decimal = Decimal(0)
    cap: Decimal | None = None  # most points the rule gives one department
    once_per_item: bool = False  # an item counts once in this rule, however many records it has
    threshold: int = 1  # flags: occurrences needed

    def points_for(self, record: Record) -> Decimal:
        return self.cooperating_points if record.role == COOPERATING else self.lead_points


@dataclass(frozen=True)
class Band:
    name: str
    minimum: Decimal


DEFAULT_BANDS = (Band("优秀", Decimal(90)), Band("良好", Decimal(80)), Band("一般", Decimal(60)), Band("较差", Decimal(0)))


@dataclass(frozen=True)
class Scheme:
    style: str = WEIGHTED
    parts: tuple[Part, ...] = ()
    base: Decimal = Decimal(0)  # the base score of the base style
    rules: tuple[Rule, ...] = ()
    bonus_cap: Decimal | None = None
    deduction_cap: Decimal | None = None
    no_double_count: bool = True
    bands: tuple[Band, ...] = DEFAULT_BANDS  # highest first
    top_share: Decimal | None = None  # at most this percentage of departments in the top band


def validate(scheme: Scheme) -> list[str]:
    """Everything wrong with the scheme, in Chinese; empty when it can be used."""
    errors = []
    if scheme.style == WEIGHTED:
        if not scheme.parts:
            errors.append("权重制方案至少需要一个考核部分")
        total = sum((p.weight for p in scheme.parts), Decimal(0))
        if scheme.parts and total != HUNDRED:
            errors.append(f"各考核部分的权重之和须为 100 分，现为 {_num(total)} 分")
        for part in scheme.parts:
            if part.weight <= 0:
                errors.append(f"“{part.name}”的权重须大于 0")
        seen = set()
        for part in scheme.parts:
            if part.measure in seen:
                errors.append(f"考核部分“{part.name}”重复")
            seen.add(part.measure)
    elif scheme.style == BASE:
        if scheme.base <= 0:
            errors.append("基础分制方案的基础分须大于 0")
        if scheme.parts:
            errors.append("基础分制方案不按权重计分，请删除各考核部分，或改用权重制")
    else:
        errors.append(f"未知的计分方式“{scheme.style}”")
    for cap, what in ((scheme.bonus_cap, "加分"), (scheme.deduction_cap, "减分")):
        if cap is not None and cap < 0:
            errors.append(f"{what}总上限不能为负数")
    keys = set()
    for rule in scheme.rules:
        where = f"规则“{rule.name or '（未命名）'}”"
        if not rule.name.strip():
            errors.append("每条加减分规则都须有名称")
        if rule.key in keys:
            errors.append(f"{where}重复")
        keys.add(rule.key)
        if rule.trigger not in TRIGGERS:
            errors.append(f"{where}的触发条件无效")
        if rule.effect not in EFFECTS:
            errors.append(f"{where}的类型无效")
        if rule.lead_points < 0 or rule.cooperating_points < 0:
            errors.append(f"{where}的分值不能为负数（加分或减分由类型决定）")
        if rule.effect in POINT_EFFECTS and rule.lead_points == 0 and rule.cooperating_points == 0:
            errors.append(f"{where}的牵头部门分值和配合部门分值不能都为 0")
        if rule.cap is not None and rule.cap < 0:
            errors.append(f"{where}的上限不能为负数")
        if rule.effect in FLAG_EFFECTS and rule.threshold < 1:
            errors.append(f"{where}的触发次数须至少为 1")
    errors += _validate_bands(scheme.bands)
    if scheme.top_share is not None and not 0 <= scheme.top_share <= 100:
        errors.append("优秀比例上限须在 0% 到 100% 之间")
    return errors


def _validate_bands(bands: tuple[Band, ...]) -> list[str]:
    errors = []
    if len(bands) < 2:
        errors.append("等次至少需要两档")
    names = [b.name for b in bands]
    if any(not n.strip() for n in names):
        errors.append("每个等次都须有名称")
    if len(set(names)) != len(names):
        errors.append("等次名称不能重复")
    if NOT_ASSESSED in names:
        errors.append(f"“{NOT_ASSESSED}”不能用作等次名称：它表示没有适用考核部分的部门")
    minima = [b.minimum for b in bands]
    if not all(Decimal(m).is_finite() and 0 <= m <= 100 for m in minima):
        errors.append("各等次的最低分须是 0 到 100 之间的数")
        return errors  # NaN cannot even be compared
    if any(a <= b for a, b in zip(minima, minima[1:])):
        errors.append("等次须按最低分从高到低排列，且最低分各不相同")
    return errors


# ---- score lines -------------------------------------------------------------------------


@dataclass(frozen=True)
class Counted:
    """One record on a line, with the points it earned there (None on a part's line)."""

    record: Record
    points: Decimal | None = None
    remark: str = ""  # why it earned nothing: counted once already, counted by another rule


@dataclass(frozen=True)
class Line:
    kind: str  # part, base, bonus, deduction, cap
    rule: str  # the part's or rule's name
    numbers: str  # the arithmetic in words
    points: Decimal  # signed: what the line adds to the total
    counted: tuple[Counted, ...] = ()
    note: str = ""  # not applicable, cap reached …
    rate: Fraction | None = None  # a part's ratio (None: not applicable, or not a part)


@dataclass(frozen=True)
class Flag:
    effect: str  # disqualify or veto
    rule: str
    reason: str
    records: tuple[Record, ...] = ()


@dataclass(frozen=True)
class DepartmentScore:
    department: int
    name: str
    order: int
    total: Decimal | None  # None: not assessed (不参评)
    lines: tuple[Line, ...]
    flags: tuple[Flag, ...] = ()
    grade: str = ""
    grade_note: str = ""  # why the grade is not the band of the total
    rank: int | None = None  # None: not ranked (不参评)

    @property
    def assessed(self) -> bool:
        return self.total is not None

    def points_of(self, *kinds: str) -> Decimal:
        """The sum of the lines of these kinds (``bonus``, ``cap`` …)."""
        return sum((line.points for line in self.lines if line.kind in kinds), Decimal(0))

    @property
    def part_points(self) -> Decimal:
        return self.points_of("part", "base")

    @property
    def bonus_points(self) -> Decimal:
        """Bonuses after every cap (an overall bonus cap's line is negative)."""
        return self.points_of(BONUS) + sum(
            (line.points for line in self.lines if line.kind == "cap" and line.points < 0), Decimal(0))

    @property
    def deduction_points(self) -> Decimal:
        """Deductions after every cap, as a negative number."""
        return self.points_of(DEDUCTION) + sum(
            (line.points for line in self.lines if line.kind == "cap" and line.points > 0), Decimal(0))

    @property
    def disqualified(self) -> bool:
        return any(f.effect == DISQUALIFY for f in self.flags)

    @property
    def vetoed(self) -> bool:
        return any(f.effect == VETO for f in self.flags)


def round_points(value) -> Decimal:
    """To 0.01, half up; never a negative zero (a deduction of nothing is 0, not −0)."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    rounded = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def _num(value) -> str:
    """A number as people write it: 30, 2.5, 0.25 (no trailing zeros)."""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_points(value) -> str:
    """+2, −1.5, 30, 0: points as pages and documents show them (a true minus sign; zero is "0",
    never "−0", whatever sign a stored zero carries)."""
    if value is None:
        return ""
    if Decimal(value).is_zero():
        return "0"
    return _num(value).replace("-", "−")


def percent(rate: Fraction) -> str:
    """80%, 66.7%: a rate to one decimal place, rounded once."""
    value = Decimal(rate.numerator * 100) / Decimal(rate.denominator)
    return f"{_num(value.quantize(Decimal('0.1'), rounding=ROUND_HALF_UP))}%"


def score_department(facts: DepartmentFacts, scheme: Scheme) -> DepartmentScore:
    """The department's lines and flags; its grade and rank come from ``grade_all``."""
    lines: list[Line] = []
    if scheme.style == WEIGHTED:
        lines += _part_lines(facts, scheme.parts)
        if not any(line.rate is not None for line in lines):
            # No part applies (a cooperating department whose first report is not due yet …): a score
            # of 0 would rank it last for work it was never given, so it is not assessed at all.
            return DepartmentScore(facts.department, facts.name, facts.order, None, tuple(lines),
                                   grade=NOT_ASSESSED, grade_note="本方案各考核部分对该部门均不适用，不参加评分和排名")
    else:
        lines.append(Line("base", "基础分", f"基础分 {_num(scheme.base)} 分", round_points(scheme.base)))
    lines += _rule_lines(facts, scheme)
    total = round_points(sum((line.points for line in lines), Decimal(0)))
    return DepartmentScore(facts.department, facts.name, facts.order, total, tuple(lines), _flags(facts, scheme))


def _part_lines(facts: DepartmentFacts, parts: tuple[Part, ...]) -> list[Line]:
    applicable = [p for p in parts if facts.measures.get(p.measure, Ratio(0, 0)).total > 0]
    applicable_weight = sum((p.weight for p in applicable), Decimal(0))
    lines = []
    for part in parts:
        measure = MEASURES[part.measure]
        ratio = facts.measures.get(part.measure, Ratio(0, 0))
        counted = tuple(Counted(r) for r in ratio.records)
        if ratio.total == 0:
            lines.append(Line("part", part.name, f"权重 {_num(part.weight)} 分", round_points(0), counted,
                              note=f"不适用（{measure.total} 0 {measure.unit}），权重按其余部分折算"))
            continue
        rate = Fraction(ratio.good, ratio.total)
        weight = Fraction(part.weight) * 100 / Fraction(applicable_weight)
        numbers = (f"{measure.good} {ratio.good} {measure.unit} / {measure.total} {ratio.total} {measure.unit}"
                   f" = {percent(rate)}")
        if ratio.detail:
            numbers = f"{ratio.detail}；{numbers}"
        if weight == part.weight:
            numbers += f"；{_num(part.weight)} 分 × {percent(rate)}"
        else:
            numbers += f"；权重 {_num(part.weight)} 分按适用部分折算为 {_num(round_points(weight))} 分 × {percent(rate)}"
        lines.append(Line("part", part.name, numbers, round_points(weight * rate), counted, rate=rate))
    return lines


def _occurrences(rule: Rule, facts: DepartmentFacts) -> tuple[Record, ...]:
    if rule.trigger == ENTRY:
        return facts.entries.get(rule.key, ())
    return facts.events.get(rule.trigger, ())


def _first_per_item(rule: Rule, records) -> list[Counted]:
    """Each record with the rule's points; in a once-per-item rule, an item's later records earn nothing."""
    seen: set[int] = set()
    result = []
    for record in records:
        if rule.once_per_item and record.item is not None and record.item in seen:
            result.append(Counted(record, Decimal(0), "同一任务本项只计一次"))
            continue
        if record.item is not None:
            seen.add(record.item)
        result.append(Counted(record, rule.points_for(record)))
    return result


def _rule_lines(facts: DepartmentFacts, scheme: Scheme) -> list[Line]:
    counted = {rule.key: _first_per_item(rule, _occurrences(rule, facts))
               for rule in scheme.rules if rule.effect in POINT_EFFECTS}
    rules = [r for r in scheme.rules if r.effect in POINT_EFFECTS and counted[r.key]]
    if scheme.no_double_count:
        for effect in POINT_EFFECTS:
            _count_each_item_once(counted, [r for r in rules if r.effect == effect])
    lines = []
    for effect in POINT_EFFECTS:
        sign = 1 if effect == BONUS else -1
        subtotal = Decimal(0)
        for rule in (r for r in rules if r.effect == effect):
            found = counted[rule.key]
            raw = sum((c.points for c in found), Decimal(0))
            earned, note = raw, ""
            if rule.cap is not None and raw > rule.cap:
                earned = rule.cap
                note = f"本项累计 {_num(raw)} 分，超过上限 {_num(rule.cap)} 分，按 {_num(rule.cap)} 分计"
            subtotal += earned
            lines.append(Line(effect, rule.name, _rule_numbers(rule, found, earned), round_points(sign * earned),
                              tuple(found), note))
        cap = scheme.bonus_cap if effect == BONUS else scheme.deduction_cap
        if cap is not None and subtotal > cap:
            word = EFFECTS[effect]
            lines.append(Line("cap", f"{word}总上限", f"{word}合计 {_num(subtotal)} 分，上限 {_num(cap)} 分",
                              round_points(-sign * (subtotal - cap)),
                              note=f"{word}合计超过上限，超出的 {_num(subtotal - cap)} 分不计"))
    return lines


def _rule_numbers(rule: Rule, found: list[Counted], earned: Decimal) -> str:
    word = "加" if rule.effect == BONUS else "扣"
    scoring = [c for c in found if c.points]
    by_role: dict[str, list[Counted]] = defaultdict(list)
    for c in scoring:
        by_role[c.record.role].append(c)
    parts = []
    for role, label in ((LEAD, "牵头"), (COOPERATING, "配合")):
        if by_role[role]:
            per = rule.lead_points if role == LEAD else rule.cooperating_points
            parts.append(f"{label} {len(by_role[role])} 项 × {_num(per)} 分")
    text = " + ".join(parts) if parts else "0 项计分"
    skipped = len(found) - len(scoring)
    if skipped:
        text += f"（另有 {skipped} 项不重复计分）"
    return f"{text}，{word} {_num(earned)} 分"


def _count_each_item_once(counted: dict[str, list[Counted]], rules: list[Rule]) -> None:
    """同一事项不重复计分: an item found by several rules of one sign counts only in the rule
    that gives it the most points (the first such rule on a tie); elsewhere it earns nothing."""
    per_item: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for rule in rules:
        for c in counted[rule.key]:
            if c.record.item is not None:
                per_item[c.record.item][rule.key] = per_item[c.record.item].get(rule.key, Decimal(0)) + c.points
    names = {r.key: r.name for r in rules}
    order = {r.key: i for i, r in enumerate(rules)}
    for item, by_rule in per_item.items():
        if len(by_rule) < 2:
            continue
        winner = max(by_rule, key=lambda key: (by_rule[key], -order[key]))
        for key in by_rule:
            if key == winner:
                continue
            counted[key] = [
                replace(c, points=Decimal(0), remark=f"同一任务已计入“{names[winner]}”，不重复计分")
                if c.record.item == item else c
                for c in counted[key]
            ]


def _flags(facts: DepartmentFacts, scheme: Scheme) -> tuple[Flag, ...]:
    flags = []
    for rule in scheme.rules:
        if rule.effect not in FLAG_EFFECTS:
            continue
        found = [c.record for c in _first_per_item(rule, _occurrences(rule, facts)) if c.remark == ""]
        if len(found) >= rule.threshold:
            needed = f"（{rule.threshold} 项及以上即{EFFECTS[rule.effect]}）" if rule.threshold > 1 else ""
            flags.append(Flag(rule.effect, rule.name, f"{EFFECTS[rule.effect]}：{rule.name} {len(found)} 项{needed}",
                              tuple(found)))
    return tuple(flags)


# ---- grades, ranks and the lists ---------------------------------------------------------


def band_of(total: Decimal, bands: tuple[Band, ...]) -> int:
    """Index of the band the total falls in; below every minimum, the last band."""
    for index, band in enumerate(bands):
        if total >= band.minimum:
            return index
    return len(bands) - 1


def grade_all(scores: list[DepartmentScore], scheme: Scheme) -> list[DepartmentScore]:
    """Rank (equal totals share a rank) and grade every assessed department, best first; the
    departments not assessed (不参评) follow, in registry order, without rank or grade."""
    bands = scheme.bands
    ranked = sorted((s for s in scores if s.assessed), key=lambda s: (-s.total, s.order, s.name))
    not_assessed = sorted((s for s in scores if not s.assessed), key=lambda s: (s.order, s.name))
    placed: list[tuple[DepartmentScore, int, str]] = []
    for score in ranked:
        index, note = band_of(score.total, bands), ""
        if score.vetoed:
            index = len(bands) - 1
            note = "一票否决，直接定为" + bands[index].name
        elif score.disqualified and index == 0:
            index = 1
            note = f"取消评优，不能评为{bands[0].name}"
        placed.append((score, index, note))
    if scheme.top_share is not None:
        placed = _cap_top_band(placed, scheme.top_share, bands)
    result, rank = [], 0
    for position, (score, index, note) in enumerate(placed):
        if position == 0 or score.total != placed[position - 1][0].total:
            rank = position + 1
        result.append(replace(score, grade=bands[index].name, grade_note=note, rank=rank))
    return result + not_assessed


def _cap_top_band(placed, share: Decimal, bands):
    """At most ``share`` % of the departments in the top band, best totals first.  Departments
    with equal totals go together: if taking them all would exceed the cap, none of them is in."""
    allowed = int(Decimal(len(placed)) * share / HUNDRED)
    top = [i for i, (_, index, _) in enumerate(placed) if index == 0]
    if len(top) <= allowed:
        return placed
    keep = allowed
    while 0 < keep < len(top) and placed[top[keep - 1]][0].total == placed[top[keep]][0].total:
        keep -= 1
    note = f"{bands[0].name}不超过参评部门的 {_num(share)}%（{len(placed)} 个部门中至多 {allowed} 个）"
    result = list(placed)
    for i in top[keep:]:
        score, _, _ = result[i]
        result[i] = (score, 1, note)
    return result


@dataclass(frozen=True)
class Mention:
    """A department on the commendation or the accountability list, and why."""

    department: int
    name: str
    grade: str
    total: Decimal
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Results:
    scores: tuple[DepartmentScore, ...]  # ranked, best first
    commended: tuple[Mention, ...]
    accountable: tuple[Mention, ...]


#: A part below this rate is named among the reasons on the accountability list.
WEAK_RATE = Fraction(60, 100)


def assess(departments: list[DepartmentFacts], scheme: Scheme) -> Results:
    """Score, grade and list every department."""
    scores = grade_all([score_department(f, scheme) for f in departments], scheme)
    return results_of(scores, scheme)


def results_of(scores, scheme: Scheme) -> Results:
    """The lists for graded scores (computed now, or read back from a finalised snapshot).

    Commended: the departments in the top band.  Accountable: the lowest band, and every
    department with a flag (取消评优, 一票否决).  Reasons come from their lines."""
    top, bottom = scheme.bands[0].name, scheme.bands[-1].name
    assessed = [s for s in scores if s.assessed]
    commended = tuple(Mention(s.department, s.name, s.grade, s.total, _merits(s)) for s in assessed if s.grade == top)
    accountable = tuple(
        Mention(s.department, s.name, s.grade, s.total, _faults(s))
        for s in assessed if s.grade == bottom or s.flags
    )
    return Results(tuple(scores), commended, accountable)


def _merits(score: DepartmentScore) -> tuple[str, ...]:
    reasons = [f"总分 {_num(score.total)} 分，排名第 {score.rank}"]
    reasons += [f"{line.rule}：{line.numbers}" for line in score.lines if line.kind == BONUS]
    reasons += [f"{line.rule} {percent(line.rate)}" for line in score.lines
                if line.kind == "part" and line.rate == 1]
    return tuple(reasons)


def _faults(score: DepartmentScore) -> tuple[str, ...]:
    reasons = [flag.reason for flag in score.flags]
    reasons += [f"{line.rule}：{line.numbers}" for line in score.lines if line.kind == DEDUCTION]
    reasons += [f"{line.rule}仅 {percent(line.rate)}" for line in score.lines
                if line.kind == "part" and line.rate is not None and line.rate < WEAK_RATE]
    if not reasons:
        reasons.append(f"总分 {_num(score.total)} 分，等次为{score.grade}")
    return tuple(reasons)
