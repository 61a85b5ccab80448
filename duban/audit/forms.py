from auditlog.models import LogEntry
from django import forms
from django.contrib.contenttypes.models import ContentType

from duban.accounts.models import User

from .display import ACTION_LABELS
from .registry import audited_models


class LogFilterForm(forms.Form):
    record_type = forms.TypedChoiceField(label="记录类型", required=False, coerce=int, empty_value=None)
    actor = forms.ModelChoiceField(label="操作人", queryset=User.objects.none(), required=False, empty_label="全部")
    action = forms.TypedChoiceField(
        label="操作", required=False, coerce=int, empty_value=None,
        choices=[("", "全部"), *((a, ACTION_LABELS[a]) for a in (
            LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE))],
    )
    date_from = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    q = forms.CharField(label="记录", required=False, max_length=100)

    def __init__(self, data, *, zone_id: int):
        super().__init__(data)
        self.fields["actor"].queryset = User.objects.filter(zone_id=zone_id).order_by("username")
        types = ContentType.objects.get_for_models(*audited_models())
        self.fields["record_type"].choices = [("", "全部")] + sorted(
            ((ct.pk, str(model._meta.verbose_name)) for model, ct in types.items()), key=lambda c: c[1]
        )

    def apply(self, entries):
        """Narrow a queryset of entries by the valid filters."""
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data["record_type"] is not None:
            entries = entries.filter(content_type_id=data["record_type"])
        if data["actor"] is not None:
            entries = entries.filter(actor=data["actor"])
        if data["action"] is not None:
            entries = entries.filter(action=data["action"])
        if data["date_from"]:
            entries = entries.filter(timestamp__date__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(timestamp__date__lte=data["date_to"])
        if data["q"]:
            entries = entries.filter(object_repr__icontains=data["q"])
        return entries
