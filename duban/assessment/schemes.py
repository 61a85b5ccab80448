"""The saved scheme and the pure one: reading a plan's scheme, starting one from the default,
and the bands as they are stored (``[[name, minimum], …]``, highest first)."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal

from django.db import transaction

from duban.dates import cn_date
from duban.plans.models import Plan

from . import scoring
from .defaults import DEFAULT_SCHEME
from .models import Part, Rule, Scheme


class SchemeFinal(ValueError):
    """The scores are finalised: the scheme and its entries can no longer change."""

    def __init__(self):
        super().__init__("考核结果已定稿，考核方案和加减分事项不能再修改")


class TooEarly(ValueError):
    """Finalising before the 考核截止日期 has passed: the year's data is not all in."""

    def __init__(self, last_day: date):
        super().__init__(f"考核截止日期（{cn_date(last_day)}）过后才能定稿；"
                         "如需提前定稿，请先在考核方案中修改考核截止日期")


class NotStarted(ValueError):
    """The plan year has not begun on duban's clock: there is nothing to assess yet."""

    def __init__(self, year: int):
        super().__init__(f"{year}年度尚未开始，不能计算考核结果：{year}年1月1日起才能计算")


def saved_scheme(plan: Plan) -> Scheme | None:
    return (Scheme.objects.filter(plan=plan).select_related("finalised_by", "updated_by")
            .prefetch_related("parts", "rules").first())


def bands_from_json(stored) -> tuple[scoring.Band, ...]:
    return tuple(scoring.Band(name, Decimal(str(minimum))) for name, minimum in stored) or scoring.DEFAULT_BANDS


def bands_to_json(bands) -> list:
    return [[b.name, str(b.minimum)] for b in bands]


def pure_rule(rule: Rule) -> scoring.Rule:
    return scoring.Rule(rule.key, rule.name, rule.trigger, rule.effect, rule.lead_points, rule.cooperating_points,
                        rule.cap, rule.once_per_item, rule.threshold)


def to_pure(scheme: Scheme | None) -> scoring.Scheme:
    """The scheme as the scoring reads it; the default one for a plan without a saved scheme."""
    if scheme is None:
        return DEFAULT_SCHEME
    return scoring.Scheme(
        style=scheme.style, parts=tuple(scoring.Part(p.measure, p.weight) for p in scheme.parts.all()),
        base=scheme.base_score, rules=tuple(pure_rule(r) for r in scheme.rules.all()),
        bonus_cap=scheme.bonus_cap, deduction_cap=scheme.deduction_cap, no_double_count=scheme.no_double_count,
        bands=bands_from_json(scheme.bands), top_share=scheme.top_share,
    )


def year_end(plan: Plan, scheme: Scheme | None) -> date:
    """The last day the assessment counts: the scheme's 考核截止日期, or 31 December of the plan year."""
    return scheme.as_of if scheme is not None and scheme.as_of else date(plan.year, 12, 31)


def new_rule_key() -> str:
    return "rule-" + secrets.token_hex(4)


@transaction.atomic
def ensure_scheme(plan: Plan, user) -> Scheme:
    """The plan's saved scheme, created from the default the first time the office needs one."""
    scheme, created = Scheme.objects.select_for_update().get_or_create(plan=plan, defaults={
        "zone_id": plan.zone_id, "style": DEFAULT_SCHEME.style, "base_score": DEFAULT_SCHEME.base,
        "bonus_cap": DEFAULT_SCHEME.bonus_cap, "deduction_cap": DEFAULT_SCHEME.deduction_cap,
        "no_double_count": DEFAULT_SCHEME.no_double_count, "bands": bands_to_json(DEFAULT_SCHEME.bands),
        "top_share": DEFAULT_SCHEME.top_share, "updated_by": user,
    })
    if created:
        # One create per row (not bulk_create), so each is on the audit trail.
        for order, part in enumerate(DEFAULT_SCHEME.parts):
            Part.objects.create(zone_id=plan.zone_id, scheme=scheme, measure=part.measure, weight=part.weight,
                                order=order)
        for order, rule in enumerate(DEFAULT_SCHEME.rules):
            Rule.objects.create(
                zone_id=plan.zone_id, scheme=scheme, key=rule.key, name=rule.name, trigger=rule.trigger,
                effect=rule.effect, lead_points=rule.lead_points, cooperating_points=rule.cooperating_points,
                cap=rule.cap, once_per_item=rule.once_per_item, threshold=rule.threshold, order=order,
            )
    return scheme
