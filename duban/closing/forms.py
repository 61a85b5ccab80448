from django import forms

from .flow import Ruling
from .models import Line

UPHOLD = "uphold"


class ApplyForm(forms.Form):
    request = forms.ChoiceField(label="申请类型", choices=Line.Request.choices)
    statement = forms.CharField(label="申请说明", widget=forms.Textarea(attrs={"rows": 3}),
                                help_text="完成情况、结转或调整的理由")
    deadline = forms.DateField(label="拟完成时限", required=False,
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                               help_text="申请结转时填写，须在下一年度或以后")
    stage_goal = forms.CharField(label="拟阶段目标", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text="申请结转时填写")


class EvidenceForm(forms.Form):
    file = forms.FileField(label="上传佐证材料")


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label="审定结果", choices=Line.Decision.choices)
    note = forms.CharField(label="审定意见", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text="结转：结转原因；调整：变更或取消的内容；退回：补充整改要求")
    new_deadline = forms.DateField(label="结转后完成时限", required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    stage_goal = forms.CharField(label="阶段目标", required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text="结转时填写")
    approval = forms.FileField(label="批准文件", required=False, help_text="调整时附上")

    def ruling(self) -> Ruling:
        data = self.cleaned_data
        upload = data.get("approval")
        return Ruling(data["decision"], data["note"], data["new_deadline"], data["stage_goal"],
                      (upload.name, upload.read()) if upload else None)


class ResolveForm(DecideForm):
    reply = forms.CharField(label="处理意见", widget=forms.Textarea(attrs={"rows": 2}))

    field_order = ["reply", "decision"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].label = "处理结果"
        self.fields["decision"].choices = [(UPHOLD, "维持原审定"), *Line.Decision.choices]

    def ruling(self) -> Ruling | None:
        return None if self.cleaned_data["decision"] == UPHOLD else super().ruling()


class DisputeForm(forms.Form):
    comment = forms.CharField(label="异议内容", widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    next_plan = forms.ModelChoiceField(label="结转任务纳入", queryset=None, required=False,
                                       empty_label="新建下一年度结转任务方案")

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_plan"].queryset = plans
