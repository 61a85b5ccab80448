"""What the assessment office changes: the scheme, entries, appeal outcomes.  Each change is
refused whole with a Chinese message when it would leave a scheme the scoring cannot use,
or once the scores are finalised."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from . import scoring
from .models import Appeal, Entry, Scheme
from .schemes import SchemeFinal, bands_to_json


class SchemeInvalid(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("；".join(errors))
        self.errors = errors


def _pure_from_forms(form, parts, rules) -> scoring.Scheme:
    data = form.cleaned_data
    return scoring.Scheme(
        style=data["style"],
        parts=tuple(scoring.Part(f.cleaned_data["measure"], f.cleaned_data["weight"]) for f in parts.kept()),
        base=data["base_score"],
        rules=tuple(
            scoring.Rule(f.instance.key or f"new-{i}", f.cleaned_data["name"], f.cleaned_data["trigger"],
                         f.cleaned_data["effect"], f.cleaned_data["lead_points"], f.cleaned_data["cooperating_points"],
                         f.cleaned_data["cap"], f.cleaned_data["once_per_item"], f.cleaned_data["threshold"])
            for i, f in enumerate(rules.kept())
        ),
        bonus_cap=data["bonus_cap"], deduction_cap=data["deduction_cap"], no_double_count=data["no_double_count"],
        bands=data["bands_text"], top_share=data["top_share"],
    )


def _entry_rules_kept(rules) -> list[str]:
    """Rules with entries must stay entry rules: removing one, or giving it another trigger,
    would leave its entries counting for nothing."""
    errors = []
    for f in rules.deleted():
        if f.instance.entries.exists():
            errors.append(f"规则“{f.instance.name}”已有登记的加减分事项，不能删除（请先删除这些事项）")
    for f in rules.kept():
        if f.instance.pk and f.cleaned_data["trigger"] != scoring.ENTRY and f.instance.entries.exists():
            errors.append(f"规则“{f.instance.name}”已有登记的加减分事项，触发条件须保持为“绩效办登记的事项”")
    return errors


@transaction.atomic
def save_scheme(scheme: Scheme, form, parts, rules, user) -> Scheme:
    """Save the scheme page's forms (already valid one by one) if the scheme as a whole is valid."""
    locked = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if locked.is_final:
        raise SchemeFinal()
    errors = scoring.validate(_pure_from_forms(form, parts, rules)) + _entry_rules_kept(rules)
    if errors:
        raise SchemeInvalid(errors)
    saved = form.save(commit=False)
    saved.bands = bands_to_json(form.cleaned_data["bands_text"])
    saved.updated_by = user
    saved.save()
    parts.instance = rules.instance = saved
    try:
        with transaction.atomic():
            parts.save()
            rules.save()
    except IntegrityError:
        # A part moved onto a measure another part (deleted in the same save) still holds: the rows
        # are written one by one, so the database sees the two at once.
        raise SchemeInvalid(["同一考核内容只能有一个考核部分：请先删除原有部分并保存，再修改"]) from None
    return saved


def _open(scheme: Scheme) -> None:
    if Scheme.objects.filter(pk=scheme.pk, finalised_at__isnull=False).exists():
        raise SchemeFinal()


@transaction.atomic
def add_entry(scheme: Scheme, form, user) -> Entry:
    _open(scheme)
    entry = form.save(commit=False)
    entry.zone_id, entry.recorded_by = scheme.zone_id, user
    entry.save()
    return entry


@transaction.atomic
def delete_entry(entry: Entry) -> None:
    _open(entry.rule.scheme)
    entry.delete()


class AppealsFrozen(SchemeFinal):
    """The year's scores are finalised: its 差评 appeals can no longer be decided, changed or removed."""

    def __init__(self):
        ValueError.__init__(self, "考核结果已定稿，本年度的差评申诉复核结果不能再登记、修改或删除")


def appeals_frozen(zone_id: int, year: int) -> bool:
    """An appeal counts in the assessment of its case's year: once a plan of that year is
    finalised, its outcome is part of the snapshot and must not change under it."""
    return Scheme.objects.filter(zone_id=zone_id, plan__year=year, finalised_at__isnull=False).exists()


@transaction.atomic
def add_appeal(form, zone_id: int, user) -> Appeal:
    appeal = form.save(commit=False)
    if appeals_frozen(zone_id, appeal.case.received_on.year):
        raise AppealsFrozen()
    appeal.zone_id, appeal.recorded_by = zone_id, user
    appeal.save()
    return appeal


@transaction.atomic
def delete_appeal(appeal: Appeal) -> None:
    if appeals_frozen(appeal.zone_id, appeal.case.received_on.year):
        raise AppealsFrozen()
    appeal.delete()
