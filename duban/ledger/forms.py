from django import forms

from .models import Report


class ReportForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Report
        fields = ["progress", "problems", "next_steps", "completion", "self_status"]
        widgets = {
            "progress": forms.Textarea(attrs={"rows": 5}),
            "problems": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
            "completion": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }


class CommentForm(forms.Form):
    comment = forms.CharField(label="意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class EvidenceFileForm(forms.Form):
    file = forms.FileField(label="上传文件")


class EvidenceLinkForm(forms.Form):
    title = forms.CharField(label="名称", max_length=200)
    url = forms.URLField(label="链接", max_length=500, assume_scheme="https")


class OverviewFilterForm(forms.Form):
    task = forms.ModelChoiceField(label="主要任务", queryset=None, required=False, empty_label="全部任务")
    department = forms.ModelChoiceField(label="牵头部门", queryset=None, required=False, empty_label="全部部门")
    colour = forms.ChoiceField(label="状态", required=False)

    def __init__(self, data, *, tasks, departments, colours):
        super().__init__(data)
        self.fields["task"].queryset = tasks
        self.fields["department"].queryset = departments
        self.fields["colour"].choices = [("", "全部状态"), *colours]


class ScheduleForm(forms.ModelForm):
    class Meta:
        from .models import ReportingSchedule

        model = ReportingSchedule
        fields = ["frequency", "due_day", "due_workday", "starts_on", "remind_days", "warning_days", "meeting_frequency"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"})}


class LedgerExportForm(forms.Form):
    """The export's filters: as of a cycle, one department (or the lead departments of all items), one task."""

    cycle = forms.ModelChoiceField(label="报送周期", queryset=None, empty_label=None)
    department = forms.ModelChoiceField(label="部门", queryset=None, required=False,
                                        empty_label="全部（各任务牵头部门的报告）")
    task = forms.ModelChoiceField(label="主要任务", queryset=None, required=False, empty_label="全部任务")

    def __init__(self, data, *, cycles, departments, tasks):
        super().__init__(data)
        self.fields["cycle"].queryset = cycles
        self.fields["department"].queryset = departments
        self.fields["task"].queryset = tasks


class SheetForm(forms.Form):
    """The cycle a department's fill-in sheet is issued for."""

    cycle = forms.ModelChoiceField(label="报送周期", queryset=None, empty_label=None)

    def __init__(self, data, *, cycles, auto_id="id_%s"):
        super().__init__(data, auto_id=auto_id)
        self.fields["cycle"].queryset = cycles


class SheetUploadForm(forms.Form):
    file = forms.FileField(label="填好的填报表（.xlsx）")
