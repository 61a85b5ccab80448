"""Pages: the service catalogue, the case list and page, measures per service type, target pages,
import (upload → mapping/preview → progress → result) and API tokens.  Rules: permissions.py."""

from __future__ import annotations

from datetime import date

import numpy as np
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Max, Min
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from duban.accounts.permissions import require, zone_member_required
from duban.clock import today
from duban.documents import csvfile, downloads, xlsx
from duban.jobs.workers import latest_beat
from duban.plans.models import Target
from duban.workdays.engine import CalendarNotCovered

from . import exporting, jobs, permissions, stops
from .forms import ClockStopForm, MappingForm, ServiceTypeForm, TokenForm, UploadForm
from .importing import (
    FIELDS, PREVIEW_ROWS, ImportFormatError, Table, auto_mapping, check_mapping, preview_rows, read_table, remember_mapping,
    stored_preview, suggested_mapping,
)
from .limits import Refused, check_size
from .listing import filtered_cases
from .limits import current as current_limits
from .models import ApiToken, Case, ColumnMapping, ImportJob
from .provisional import provisional_reasons
from .queries import case_measure, measure_zone
from .targets import COLOUR_LABELS, target_actual

PAGE_SIZE = 50


def _year(request, years: list[int]) -> int:
    """The year asked for, if it is one of the years to choose from; otherwise the newest of them.

    ``?year=0`` or ``10000`` is no year of the zone's cases (and no date can be built from it).
    """
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return years[0]
    return year if year in years else years[0]


def _years(zone, day: date) -> list[int]:
    """The years to choose from, newest first: from the first case received to the last, and this year.

    One MIN/MAX rather than the distinct years: those would read every case of the zone (through a
    Python function per row on SQLite) on every page view.
    """
    span = Case.objects.filter(zone=zone).aggregate(first=Min("received_on"), last=Max("received_on"))
    first = min(span["first"].year, day.year) if span["first"] else day.year
    last = max(span["last"].year, day.year) if span["last"] else day.year
    return list(range(last, first - 1, -1))


def _period(year: int, day: date) -> dict:
    return {"received_from": date(year, 1, 1), "received_to": min(date(year, 12, 31), day)}


@zone_member_required
def catalogue(request):
    day = today()
    years = _years(request.user.zone, day)
    year = _year(request, years)
    types = list(permissions.service_types(request.user).select_related("department", "target__item__task"))
    error, provisional = "", []
    try:
        measured = measure_zone(request.user.zone, day, types, **_period(year, day))
        summaries, provisional = measured.by_type(), provisional_reasons(request.user.zone, measured)
    except CalendarNotCovered as e:
        summaries, error = {}, str(e)
    rows = [(t, summaries.get(t.pk)) for t in types]
    return render(request, "cases/catalogue.html", {
        "rows": rows, "year": year, "years": years, "error": error, "provisional": provisional,
        "can_import": permissions.can_import(request.user),
        "can_read_cases": permissions.can_read_cases(request.user),
    })


@zone_member_required
def service_type_edit(request, service_type_id=None):
    require(permissions.can_import(request.user), "只有领导小组办公室可以维护事项目录")
    zone = request.user.zone
    instance = get_object_or_404(permissions.service_types(request.user), pk=service_type_id) if service_type_id else None
    form = ServiceTypeForm(zone, request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        service_type = form.save(commit=False)
        service_type.zone = zone
        service_type.save()
        messages.success(request, "事项已保存")
        return redirect("cases:catalogue")
    return render(request, "cases/service_type_form.html", {"form": form, "instance": instance})


@zone_member_required
def measures_page(request, service_type_id):
    require(permissions.can_read_measures(request.user))
    service_type = get_object_or_404(permissions.service_types(request.user).select_related("department", "target"),
                                     pk=service_type_id)
    day = today()
    years = _years(request.user.zone, day)
    year = _year(request, years)
    context = {"service_type": service_type, "year": year, "years": years,
               "can_read_cases": permissions.visible_service_types_for_cases(request.user)
               .filter(pk=service_type.pk).exists()}
    try:
        measured = measure_zone(request.user.zone, day, [service_type], **_period(year, day))
    except CalendarNotCovered as e:
        return render(request, "cases/measures.html", context | {"error": str(e)})
    from .measures import by_month, summarise

    summary = summarise(measured.result, measured.columns)
    months = by_month(measured.result, measured.columns)
    r = measured.result
    done = r.elapsed[~r.is_open]
    top = int(max(done.max() if len(done) else 0, float(service_type.limit_value or 0))) + 1
    histogram = np.bincount(done, minlength=top).tolist() if len(done) else [0] * top
    chart = {
        "unit": service_type.limit_unit,
        "limit": float(service_type.limit_value) if service_type.limit_value is not None else None,
        "histogram": histogram,
        "months": list(months),
        "median": [m.median for m in months.values()],
        "within": [None if m.within_share is None else round(100 * m.within_share, 1) for m in months.values()],
    }
    return render(request, "cases/measures.html", context | {
        "summary": summary, "months": months, "chart": chart,
        "provisional": provisional_reasons(request.user.zone, measured),
    })


@zone_member_required
def case_list(request):
    require(permissions.can_read_cases(request.user), "您没有查看办件的权限")
    types, cases, error = filtered_cases(request.user, request.GET, today())
    page = Paginator(cases.select_related("service_type", "service_type__department")
                     .order_by("-received_at", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    provisional: list[str] = []
    if rows:
        day = today()
        by_type: dict[int, list[Case]] = {}
        for c in rows:
            by_type.setdefault(c.service_type_id, []).append(c)
        for type_rows in by_type.values():
            try:
                measured = measure_zone(request.user.zone, day, [type_rows[0].service_type],
                                        case_ids=[c.pk for c in type_rows])
            except CalendarNotCovered:
                continue
            provisional += [r for r in provisional_reasons(request.user.zone, measured) if r not in provisional]
            for c in type_rows:
                pos = measured.row(c.pk)
                c.elapsed = int(measured.result.elapsed[pos])
                c.provisional = bool(measured.result.provisional[pos])
                c.overdue = bool(measured.result.overdue[pos])
                left = measured.result.days_left[pos]
                c.days_left = None if np.isnan(left) else float(left)
    for c in rows:
        personal = permissions.can_see_personal(request.user, c.service_type)
        c.applicant_shown = permissions.applicant_shown(c, personal)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cases/case_list.html", {
        "page": page, "rows": rows, "types": permissions.visible_service_types_for_cases(request.user),
        "departments": request.user.zone.departments.filter(
            service_types__in=permissions.visible_service_types_for_cases(request.user)).distinct(),
        "filters": request.GET, "query": query.urlencode(), "error": error, "can_import": permissions.can_import(request.user),
        "provisional": provisional, "immediate_rows": settings.DUBAN_EXPORT_IMMEDIATE_ROWS,
    })


@zone_member_required
def case_detail(request, case_id):
    case = get_object_or_404(permissions.visible_cases(request.user).select_related("service_type", "zone",
                                                                                     "service_type__department"),
                             pk=case_id)
    personal = permissions.can_see_personal(request.user, case.service_type)
    try:
        measure = case_measure(case, today())
    except CalendarNotCovered as e:
        measure = {"error": str(e)}
    can_record = permissions.can_record_stops(request.user, case.service_type)
    return render(request, "cases/case_detail.html", {
        "case": case, "measure": measure, "personal": personal,
        "applicant": permissions.applicant_shown(case, personal), "phone": permissions.phone_shown(case, personal),
        "stops": case.clock_stops.all(), "stop_form": ClockStopForm() if can_record else None,
    })


def _case_for_stops(request, case_id) -> Case:
    case = get_object_or_404(permissions.visible_cases(request.user).select_related("service_type"), pk=case_id)
    require(permissions.can_record_stops(request.user, case.service_type),
            "只有领导小组办公室和该事项责任部门的联络员、负责人可以登记停止计时")
    return case


@require_POST
@zone_member_required
def stop_add(request, case_id):
    case = _case_for_stops(request, case_id)
    form = ClockStopForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写停止计时的类型、开始日期和结束日期")
    else:
        try:
            stops.add_stop(case, **form.cleaned_data)
        except stops.StopError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "停止计时已登记，用时已重新计算")
    return redirect("cases:detail", case_id=case.pk)


@require_POST
@zone_member_required
def stop_delete(request, case_id, stop_id):
    case = _case_for_stops(request, case_id)
    get_object_or_404(case.clock_stops, pk=stop_id).delete()  # a model delete: on the audit trail
    messages.success(request, "停止计时已删除")
    return redirect("cases:detail", case_id=case.pk)


@require_POST
@zone_member_required
def export(request):
    """Asks for the CSV of the filtered list (a POST: it is recorded; the filters are the list's
    query string); the file comes at once when small, else from its page (duban/exports)."""
    return redirect(exporting.start(request.user, request.GET, today()).next_url())


# ---- targets ----------------------------------------------------------------------------


@zone_member_required
def target_detail(request, target_id):
    target = get_object_or_404(Target.objects.filter(zone_id=request.user.zone_id).select_related("item__task__plan"),
                               pk=target_id)
    try:
        actual, error = target_actual(target, today()), ""
    except CalendarNotCovered as e:
        actual, error = None, str(e)
    return render(request, "cases/target_detail.html", {"target": target, "actual": actual, "error": error,
                                                        "labels": COLOUR_LABELS})


# ---- import -----------------------------------------------------------------------------


@zone_member_required
def import_upload(request):
    require(permissions.can_import(request.user), "只有领导小组办公室可以导入办件")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload.name, upload.size, current_limits())  # before reading a byte of it
            data = upload.read()
            table = read_table(data, upload.name, head=PREVIEW_ROWS)  # the head only, every row counted
        except (Refused, ImportFormatError) as error:
            form.add_error("file", str(error))
        else:
            auto = auto_mapping(table.headers)
            job = ImportJob.objects.create(zone=request.user.zone, created_by=request.user, file_name=upload.name,
                                           data=data, mapping=auto or {}, total_rows=table.total,
                                           headers=table.headers, preview=stored_preview(table))
            return redirect("cases:import_job", job_id=job.pk)
    jobs_ = ImportJob.objects.filter(zone_id=request.user.zone_id).defer("data", "error_file")[:10]
    return render(request, "cases/import_upload.html", {"form": form, "jobs": jobs_})


def _job(request, job_id) -> ImportJob:
    require(permissions.can_import(request.user), "只有领导小组办公室可以导入办件")
    # Without the file (up to DUBAN_IMPORT_MAX_MB) and the error file: the progress poll reads the
    # job every second; what needs them loads them when it reads them.
    return get_object_or_404(ImportJob.objects.filter(zone_id=request.user.zone_id).defer("data", "error_file"),
                             pk=job_id)


def _progress_context(job: ImportJob) -> dict:
    return {"job": job, "worker_running": latest_beat() is not None if job.in_progress else None}


@zone_member_required
def import_job(request, job_id):
    # The file itself is read only by the import: the page works from what the upload stored.
    job = _job(request, job_id)
    if job.state != ImportJob.State.UPLOADED:
        return render(request, "cases/import_job.html", _progress_context(job))
    table = Table(job.file_name, "", job.headers, job.preview, job.total_rows)
    if not job.headers:  # uploaded before the head was kept with the job: read the head once
        table = read_table(bytes(job.data), job.file_name, head=PREVIEW_ROWS)
    auto = auto_mapping(table.headers)
    remembered = ColumnMapping.objects.filter(zone_id=job.zone_id).values_list("mapping", flat=True).first()
    initial = auto or suggested_mapping(table.headers, remembered)
    form = MappingForm(table.headers, request.POST or None, initial_mapping=initial)
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping()
        problems = check_mapping(table.headers, mapping)
        if problems:
            for p in problems:
                form.add_error(None, p)
        elif "preview" not in request.POST:
            remember_mapping(job.zone, table.headers, mapping)
            job.mapping, job.skip_bad_rows = mapping, form.cleaned_data["skip_bad_rows"]
            job.save(update_fields=["mapping", "skip_bad_rows"])
            jobs.start(job)
            return redirect("cases:import_job", job_id=job.pk)
        else:
            initial = mapping
    mapping_now = form.mapping() if form.is_bound and form.is_valid() else initial
    return render(request, "cases/import_job.html", {
        "job": job, "form": form, "auto": auto is not None, "headers": [h for _, h, _ in FIELDS],
        "preview": preview_rows(table, mapping_now), "total": table.total,
    })


@zone_member_required
def import_progress(request, job_id):
    job = _job(request, job_id)
    response = render(request, "cases/_import_progress.html", _progress_context(job))
    if job.state != ImportJob.State.UPLOADED and not job.in_progress:
        response["HX-Refresh"] = "true"  # finished: reload the page to show the result
    return response


@zone_member_required
def import_errors(request, job_id):
    job = _job(request, job_id)
    if not job.error_file:
        raise Http404
    kind = xlsx.CONTENT_TYPE if job.message.endswith(".xlsx") else csvfile.CONTENT_TYPE
    return downloads.attachment(bytes(job.error_file), job.message, kind)


# ---- API tokens -------------------------------------------------------------------------


@zone_member_required
def tokens(request):
    require(permissions.can_manage_tokens(request.user), "只有领导小组办公室可以管理接口令牌")
    form = TokenForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        _token, raw = ApiToken.issue(request.user.zone, form.cleaned_data["name"], request.user)
        form = TokenForm()
    return render(request, "cases/tokens.html", {
        "form": form, "raw": raw, "tokens": permissions.tokens(request.user),
        "schema_url": reverse("cases_api:openapi-json"),
    })


@zone_member_required
@require_POST
def token_revoke(request, token_id):
    require(permissions.can_manage_tokens(request.user), "只有领导小组办公室可以管理接口令牌")
    token = get_object_or_404(permissions.tokens(request.user), pk=token_id)
    token.active = False
    token.save(update_fields=["active"])
    messages.success(request, f"已停用令牌“{token.name}”")
    return redirect("cases:tokens")
