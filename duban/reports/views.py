"""Downloads of the 公文: check permission (permissions.py), build the document, send it."""

from datetime import date

from django.http import Http404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from duban.accounts.permissions import zone_member_required
from duban.clock import today
from duban.documents import downloads, gongwen
from duban.documents.gongwen import issue_date

from . import circular, notice_sheet, progress, reminder_sheet
from .periods import default_period, find_period
from .permissions import department_for_reminder_sheet, notice_for_sheet, plan_for_documents


def download_view(view):
    """A document download: GET only, never cached (the figures change), for members of a zone."""
    return require_GET(never_cache(zone_member_required(view)))


def _download(data: bytes, filename: str):
    return downloads.attachment(data, filename, gongwen.CONTENT_TYPE)  # every download here is a .docx


def _dated(name: str, day: date) -> str:
    return f"{name}（{issue_date(day)}）.docx"


@download_view
def progress_report(request, plan_id: int):
    plan = plan_for_documents(request.user, plan_id)
    day = today()
    key = request.GET.get("period")
    period = find_period(plan.year, day, key) if key else default_period(plan.year, day)
    if period is None:
        raise Http404("没有这个报告期")
    data = progress.write(progress.gather(plan, period, day))
    return _download(data, f"{period.label}工作进展情况报告.docx")


@download_view
def circular_download(request, plan_id: int):
    plan = plan_for_documents(request.user, plan_id)
    day = today()
    return _download(circular.write(plan, day), _dated("台账报送情况通报", day))


@download_view
def notice_sheet_download(request, notice_id: int):
    notice = notice_for_sheet(request.user, notice_id)
    return _download(notice_sheet.write(notice, today()), f"督办通知单{notice_sheet.number(notice)}.docx")


@download_view
def reminder_sheet_download(request, addressee_id: int):
    department = department_for_reminder_sheet(request.user, addressee_id)
    day = today()
    return _download(reminder_sheet.write(department, day), _dated(f"催办单-{department.name}", day))
