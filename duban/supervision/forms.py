from datetime import date

from django import forms

from duban.zones.models import Department

from .models import Notice


class IssueForm(forms.ModelForm):
    class Meta:
        model = Notice
        fields = ["department", "instruction", "reply_due"]
        widgets = {
            "instruction": forms.Textarea(attrs={"rows": 3}),
            "reply_due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, data=None, *, zone_id: int, today: date, initial_department=None):
        super().__init__(data, initial={"department": initial_department})
        self.today = today
        self.fields["department"].queryset = Department.objects.filter(zone_id=zone_id)

    def clean_reply_due(self):
        due = self.cleaned_data["reply_due"]
        if due < self.today:
            raise forms.ValidationError("回复期限不能早于今天")
        return due


class ReplyForm(forms.Form):
    reply = forms.CharField(label="回复内容", widget=forms.Textarea(attrs={"rows": 5}))
