"""A plan's assessment as the pages show it: computed from the data now, or read back from
the snapshot once finalised.  Finalising stores every line; nothing computes it again after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.db.models import F

from duban.clock import now
from duban.plans.models import Plan

from . import scoring
from .facts import gather
from .models import FinalLine, FinalScore, Scheme
from .schemes import NotStarted, SchemeFinal, TooEarly, ensure_scheme, saved_scheme, to_pure, year_end


@dataclass(frozen=True)
class Outcome:
    plan: Plan
    scheme: Scheme | None  # the saved scheme; None: the plan is scored by the default scheme
    pure: scoring.Scheme
    results: scoring.Results
    counted_to: date  # the last day the facts count
    final: bool

    def score_of(self, department_id: int) -> scoring.DepartmentScore | None:
        return next((s for s in self.results.scores if s.department == department_id), None)

    @property
    def before_year_end(self) -> bool:
        return self.counted_to < year_end(self.plan, self.scheme)


def cutoff(plan: Plan, scheme: Scheme | None, today: date) -> date:
    """The first day not counted: the day after the year end, or today while the year runs."""
    return min(today, year_end(plan, scheme) + timedelta(days=1))


def rule_keys(scheme: Scheme | None) -> dict[int, str]:
    if scheme is None:
        return {}
    return {r.pk: r.key for r in scheme.rules.all() if r.trigger == scoring.ENTRY}


def outcome(plan: Plan, today: date) -> Outcome:
    scheme = saved_scheme(plan)
    pure = to_pure(scheme)
    if scheme is not None and scheme.is_final:
        scores = read_snapshot(scheme)
        return Outcome(plan, scheme, pure, scoring.results_of(scores, pure), scheme.finalised_as_of, True)
    if today < date(plan.year, 1, 1):
        # Every fact would be empty and every department 不参评: refuse rather than show that as a result.
        raise NotStarted(plan.year)
    day = cutoff(plan, scheme, today)
    results = scoring.assess(gather(plan, day, rule_keys(scheme)), pure)
    return Outcome(plan, scheme, pure, results, day - timedelta(days=1), False)


@transaction.atomic
def finalise(plan: Plan, user, today: date) -> Outcome:
    """Freeze the assessment as computed now: every score and line stored, the scheme closed."""
    scheme = ensure_scheme(plan, user)
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if scheme.is_final:
        raise SchemeFinal()
    computed = outcome(plan, today)
    if computed.before_year_end:
        raise TooEarly(year_end(plan, scheme))
    for score in computed.results.scores:
        write_score(scheme, score)
    scheme.finalised_at, scheme.finalised_by, scheme.finalised_as_of = now(), user, computed.counted_to
    scheme.save(update_fields=["finalised_at", "finalised_by", "finalised_as_of"])
    return outcome(plan, today)


# ---- the snapshot ------------------------------------------------------------------------


def _record_json(counted: scoring.Counted) -> dict:
    r = counted.record
    return {"kind": r.kind, "id": r.id, "label": r.label, "note": r.note, "item": r.item, "role": r.role,
            "points": None if counted.points is None else str(counted.points), "remark": counted.remark}


def _counted(data: dict) -> scoring.Counted:
    record = scoring.Record(data["kind"], data["id"], data["label"], data["note"], data["item"], data["role"])
    points = None if data["points"] is None else Decimal(data["points"])
    return scoring.Counted(record, points, data["remark"])


def _flag_json(flag: scoring.Flag) -> dict:
    return {"effect": flag.effect, "rule": flag.rule, "reason": flag.reason,
            "records": [_record_json(scoring.Counted(r)) for r in flag.records]}


def write_score(scheme: Scheme, score: scoring.DepartmentScore) -> FinalScore:
    final = FinalScore.objects.create(
        zone_id=scheme.zone_id, scheme=scheme, department_id=score.department, department_name=score.name,
        order=score.order, total=score.total, grade=score.grade, grade_note=score.grade_note, rank=score.rank,
        flags=[_flag_json(f) for f in score.flags],
    )
    for order, line in enumerate(score.lines):
        FinalLine.objects.create(
            zone_id=scheme.zone_id, score=final, order=order, kind=line.kind, rule=line.rule, numbers=line.numbers,
            points=line.points, note=line.note,
            rate_good=None if line.rate is None else line.rate.numerator,
            rate_total=None if line.rate is None else line.rate.denominator,
            counted=[_record_json(c) for c in line.counted],
        )
    return final


def read_snapshot(scheme: Scheme) -> list[scoring.DepartmentScore]:
    scores = []
    for final in (FinalScore.objects.filter(scheme=scheme).prefetch_related("lines")
                  .order_by(F("rank").asc(nulls_last=True), "order", "department_name")):
        lines = tuple(
            scoring.Line(line.kind, line.rule, line.numbers, line.points, tuple(_counted(c) for c in line.counted),
                         line.note, None if line.rate_total is None else Fraction(line.rate_good, line.rate_total))
            for line in final.lines.all()
        )
        flags = tuple(
            scoring.Flag(f["effect"], f["rule"], f["reason"], tuple(_counted(r).record for r in f["records"]))
            for f in final.flags
        )
        scores.append(scoring.DepartmentScore(final.department_id, final.department_name, final.order, final.total,
                                              lines, flags, final.grade, final.grade_note, final.rank))
    return scores
