"""The assessment office's forms: the scheme with its parts and rules, entries, appeal outcomes."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory

from duban.cases.models import Case
from duban.ledger.obligations import obligations_of_department
from duban.dates import cn_date
from duban.plans.models import Item
from duban.zones.models import Department

from . import scoring
from .facts import BAD_RATINGS
from .models import Appeal, Entry, Part, Rule, Scheme
from .schemes import bands_from_json, year_end

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def parse_bands(text: str) -> tuple[scoring.Band, ...]:
    """One band a line, highest first: ``优秀 90``.  Errors name the line."""
    bands = []
    lines = [line.strip() for line in text.splitlines()]
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        match = re.fullmatch(r"(\S+)\s+(\S+)", line)
        if not match:
            raise forms.ValidationError(f"等次第 {number} 行“{line}”：应写作“等次名称 最低分”，如“优秀 90”")
        try:
            minimum = Decimal(match[2])
        except InvalidOperation:
            raise forms.ValidationError(f"等次第 {number} 行：“{match[2]}”不是分数") from None
        # Decimal reads "NaN", "inf" and "1e400" as numbers: none is a score.
        if not minimum.is_finite() or not 0 <= minimum <= 100:
            raise forms.ValidationError(f"等次第 {number} 行：最低分“{match[2]}”须是 0 到 100 之间的数")
        bands.append(scoring.Band(match[1], minimum))
    return tuple(bands)


def bands_text(bands) -> str:
    return "\n".join(f"{b.name} {scoring._num(b.minimum)}" for b in bands)


class SchemeForm(forms.ModelForm):
    bands_text = forms.CharField(
        label="等次（每行一档，从高到低：名称 最低分）", widget=forms.Textarea(attrs={"rows": 5}),
        help_text="最后一档的最低分不起作用：低于上一档的都归入最后一档",
    )

    class Meta:
        model = Scheme
        fields = ["style", "base_score", "bonus_cap", "deduction_cap", "no_double_count", "top_share", "as_of"]
        widgets = {"as_of": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bands_text"].initial = bands_text(bands_from_json(self.instance.bands))

    def clean_bands_text(self):
        return parse_bands(self.cleaned_data["bands_text"])

    def clean_as_of(self):
        """The 考核截止日期 ends the plan year's assessment early, never after it nor before it."""
        day = self.cleaned_data["as_of"]
        year = self.instance.plan.year
        if day is not None and day.year != year:
            raise forms.ValidationError(
                f"考核截止日期：{cn_date(day)}不在方案年度内，须在{cn_date(date(year, 1, 1))}至"
                f"{cn_date(date(year, 12, 31))}之间（留空为{year}年12月31日）")
        return day


class ZoneFormSet(BaseInlineFormSet):
    """New rows take the scheme's zone (and a new rule its key)."""

    def save_new(self, form, commit=True):
        form.instance.zone_id = self.instance.zone_id
        if isinstance(form.instance, Rule) and not form.instance.key:
            from .schemes import new_rule_key

            form.instance.key = new_rule_key()
        return super().save_new(form, commit=commit)

    def kept(self) -> list[forms.Form]:
        """The forms that will be saved: filled in and not marked for deletion."""
        return [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]

    def deleted(self) -> list[forms.Form]:
        return [f for f in self.forms if f.cleaned_data.get("DELETE") and f.instance.pk]


class PartRows(ZoneFormSet):
    """The parts: one per measure.  Said in Chinese, by the part's name, before Django's own
    uniqueness check (whose message names the field by its code, ``measure``)."""

    def clean(self):
        measures = [f.cleaned_data.get("measure") for f in self.kept()]
        repeated = [m for m in dict.fromkeys(measures) if m and measures.count(m) > 1]
        if repeated:
            raise forms.ValidationError([
                f"考核部分“{scoring.MEASURES[m].name}”重复：同一考核内容只能有一个考核部分，请删除多余的一行"
                for m in repeated])
        super().clean()

    def get_unique_error_message(self, unique_check):
        return "同一考核内容只能有一个考核部分"


PartFormSet = inlineformset_factory(
    Scheme, Part, formset=PartRows, fields=["measure", "weight", "order"], extra=1, can_delete=True,
)

RuleFormSet = inlineformset_factory(
    Scheme, Rule, formset=ZoneFormSet, extra=2, can_delete=True,
    fields=["name", "trigger", "effect", "lead_points", "cooperating_points", "cap", "once_per_item", "threshold",
            "order"],
)


class EntryForm(forms.ModelForm):
    """An entry counts for a department of the plan, on one of its own items if any, and is dated
    within the assessment's year: from 1 January of the plan year to the 考核截止日期."""

    class Meta:
        model = Entry
        fields = ["rule", "department", "item", "document", "date", "note"]
        widgets = {"date": DATE_INPUT, "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.fields["rule"].queryset = scheme.rules.filter(trigger=scoring.ENTRY)
        self.fields["rule"].empty_label = None
        self.fields["department"].queryset = Department.objects.filter(zone_id=scheme.zone_id)
        self.fields["item"].queryset = Item.objects.filter(task__plan_id=scheme.plan_id).select_related("task")
        self.fields["item"].label_from_instance = lambda item: f"{item.code} {item.text[:30]}"
        self.fields["item"].empty_label = "（不涉及具体任务）"

    def clean_date(self):
        day = self.cleaned_data["date"]
        first, last = date(self.scheme.plan.year, 1, 1), year_end(self.scheme.plan, self.scheme)
        if not first <= day <= last:
            raise forms.ValidationError(
                f"文件日期：{cn_date(day)}不在考核期内，须在{cn_date(first)}至{cn_date(last)}之间"
                "（方案年度内，且不晚于考核截止日期）")
        return day

    def clean(self):
        data = super().clean()
        department, item = data.get("department"), data.get("item")
        if department is None:
            return data
        items = {o.item.pk for o in obligations_of_department(department, self.scheme.plan)}
        if not items:
            self.add_error("department", f"部门：{department.name}在本方案中没有任务分工，不参加考核，不能登记加减分事项")
        elif item is not None and item.pk not in items:
            self.add_error("item", f"具体任务：{item.code}不是{department.name}在本方案中牵头、负责或配合的任务")
        return data


class AppealForm(forms.ModelForm):
    number = forms.CharField(label="办件编号", max_length=64)

    class Meta:
        model = Appeal
        fields = ["outcome", "reason", "decided_on"]
        widgets = {"decided_on": DATE_INPUT, "reason": forms.Textarea(attrs={"rows": 2})}

    field_order = ["number", "outcome", "reason", "decided_on"]

    def __init__(self, *args, zone_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone_id = zone_id

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        case = Case.objects.filter(zone_id=self.zone_id, number=number).select_related("service_type").first()
        if case is None:
            raise forms.ValidationError(f"办件编号“{number}”不存在")
        if case.rating not in BAD_RATINGS:
            raise forms.ValidationError(f"办件“{number}”的评价不是差评（不满意、非常不满意），无需申诉复核")
        if Appeal.objects.filter(case=case).exists():
            raise forms.ValidationError(f"办件“{number}”已登记申诉复核结果")
        self.instance.case = case
        return number
