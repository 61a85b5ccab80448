from django import forms

from .engine import REGIONS, Entry
from .models import CalendarLayer, Kind, Status


class CalendarQueryForm(forms.Form):
    """The calendar page's query: which year, and the zone's calendar or a region's."""

    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100, required=False)
    region = forms.ChoiceField(
        label="日历", required=False,
        choices=[("", "本开发区"), *[(r, CalendarLayer(r).label) for r in REGIONS]],
    )


class EntryForm(forms.Form):
    layer = forms.ChoiceField(label="日历层")
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label="类型", choices=Kind.choices)
    name = forms.CharField(label="名称", max_length=100, help_text="如 元旦、调休上班（春节）、古尔邦节")
    notice = forms.CharField(label="依据通知", max_length=300, help_text="通知标题或文号")

    def __init__(self, *args, layers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layer"].choices = [(layer, CalendarLayer(layer).label) for layer in layers]

    def entry(self) -> Entry:
        data = self.cleaned_data
        return Entry(data["date"], data["kind"], data["name"], data["notice"])


class CoverYearForm(forms.Form):
    layer = forms.ChoiceField(label="日历层")
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    status = forms.ChoiceField(label="状态", choices=Status.choices)
    notice = forms.CharField(label="依据通知", max_length=300, required=False)
    note = forms.CharField(label="说明", max_length=300, required=False)

    def __init__(self, *args, layers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layer"].choices = [
            (layer, CalendarLayer(layer).label) for layer in layers if layer != CalendarLayer.ZONE
        ]
