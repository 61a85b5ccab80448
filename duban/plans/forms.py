from django import forms

from .uploads import max_bytes, size_problem


class PlanUploadForm(forms.Form):
    document = forms.FileField(
        label="方案文件",
        help_text="支持 .txt（UTF-8/GBK/GB18030）、.docx、.xlsx 和带文字层的 .pdf",
    )
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100, help_text="留空则从标题识别")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text += f"；不超过 {max_bytes() // 1048576} MB"

    def clean_document(self):
        upload = self.cleaned_data["document"]
        problem = size_problem(upload.name, upload.size)  # before the file is read into memory
        if problem:
            raise forms.ValidationError(problem)
        return upload
