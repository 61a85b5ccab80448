from django import forms

from .importing import FIELDS
from .models import ClockStop, ServiceType


class UploadForm(forms.Form):
    file = forms.FileField(label="办件文件（.xlsx 或 .csv）")


class MappingForm(forms.Form):
    skip_bad_rows = forms.BooleanField(label="导入正确的行，错误行下载", required=False)

    def __init__(self, headers, *args, initial_mapping=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "（不导入）")] + [(h, h) for h in headers if h]
        for name, label, required in FIELDS:
            self.fields[f"map_{name}"] = forms.ChoiceField(
                label=label + ("" if required else "（可选）"), choices=choices, required=required,
                initial=(initial_mapping or {}).get(name, ""))

    def mapping(self) -> dict[str, str]:
        return {name: self.cleaned_data[f"map_{name}"] for name, _, _ in FIELDS if self.cleaned_data.get(f"map_{name}")}


class ServiceTypeForm(forms.ModelForm):
    class Meta:
        model = ServiceType
        fields = ["name", "code", "department", "external_unit", "limit_value", "limit_unit", "statutory_limit_days",
                  "max_steps", "calendar_region", "warning_workdays", "target", "order"]

    def __init__(self, zone, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from duban.plans.models import Target

        self.fields["department"].queryset = zone.departments.all()
        if self.instance.pk is None:  # a new type counts on the zone's own calendar unless told otherwise
            self.initial.setdefault("calendar_region", zone.calendar_region)
        self.fields["target"].queryset = Target.objects.filter(zone=zone, kind=Target.Kind.QUANTITY).select_related(
            "item__task")


class TokenForm(forms.Form):
    name = forms.CharField(label="名称（对接的系统）", max_length=100)


class ClockStopForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=ClockStop.Kind.choices)
    start = forms.DateField(label="开始日期", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="结束日期", widget=forms.DateInput(attrs={"type": "date"}))
