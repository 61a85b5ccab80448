from django import forms


class PlanUploadForm(forms.Form):
    document = forms.FileField(label="方案文件", help_text="支持 .txt（UTF-8/GBK/GB18030）、.docx 和带文字层的 .pdf")
    year = forms.IntegerField(label="年度", required=False, min_value=2000, max_value=2100, help_text="留空则从标题识别")
