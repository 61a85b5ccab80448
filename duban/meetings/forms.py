"""The meeting form and its decisions: choices are limited to the user's zone and the meeting's plan."""

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory

from duban.clock import today
from duban.plans.models import Item
from duban.zones.models import Department

from .models import Decision, Meeting


class ItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, item: Item) -> str:
        return f"{item.task.number}{item.label} {item.text[:40]}"


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["host", "date", "title", "chair", "attendees", "items", "minutes"]
        field_classes = {"items": ItemChoiceField}
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "attendees": forms.CheckboxSelectMultiple,
            "items": forms.CheckboxSelectMultiple,
            "minutes": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "host": {"invalid_choice": "该部门不是本方案的牵头部门（或不是您的部门），不能主办推进会议"},
        }

    def __init__(self, data=None, *, instance: Meeting, hosts: list[Department]):
        super().__init__(data, instance=instance)
        plan = instance.plan
        self.fields["host"].queryset = Department.objects.filter(pk__in=[d.pk for d in hosts])
        self.fields["host"].empty_label = None
        self.fields["attendees"].queryset = Department.objects.filter(zone_id=plan.zone_id)
        self.fields["items"].queryset = Item.objects.filter(task__plan=plan).select_related("task")

    def clean_date(self):
        # A record of a meeting that has not happened yet would count for its period in advance.
        day = self.cleaned_data["date"]
        if day > today():
            raise forms.ValidationError("会议日期不能晚于今天：请在会议召开后记录")
        return day


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text", "owner", "due"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = departments
        self.fields["owner"].empty_label = "（不指定）"


class BaseDecisionFormSet(BaseInlineFormSet):
    def save_new(self, form, commit=True):
        form.instance.zone_id = self.instance.zone_id
        return super().save_new(form, commit=commit)

    def save_existing(self, form, obj, commit=True):
        # Write only the edited fields: the owner may mark the action done while the host
        # edits the meeting, and a full save would quietly reopen it.
        obj = form.save(commit=False)
        obj.save(update_fields=list(self.form._meta.fields))
        return obj


# Done actions are frozen: the view passes only open or undated decisions as the queryset.
DecisionFormSet = inlineformset_factory(
    Meeting, Decision, form=DecisionForm, formset=BaseDecisionFormSet, extra=3, can_delete=True,
)


class DoneForm(forms.Form):
    done_note = forms.CharField(label="完成情况", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MeetingFilterForm(forms.Form):
    plan = forms.ModelChoiceField(label="方案", queryset=None, required=False, empty_label="全部方案")
    department = forms.ModelChoiceField(label="主办部门", queryset=None, required=False, empty_label="全部部门")

    def __init__(self, data, *, plans, departments):
        super().__init__(data)
        self.fields["plan"].queryset = plans
        self.fields["department"].queryset = departments
