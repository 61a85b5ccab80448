"""Ledger pages: the department inbox, the item page, reports and their flow, evidence, the office overview."""

import tempfile

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from duban.accounts.models import Role
from duban.accounts.permissions import require, zone_member_required
from duban.clock import today
from duban.documents import xlsx
from duban.plans.models import Assignment, Item, Plan, Task
from duban.zones.models import Department

from . import evidence as evidence_files
from . import exporting, flow, queries, upload, workbook
from .cycles import started_cycles
from .forms import (
    CommentForm, EvidenceFileForm, EvidenceLinkForm, LedgerExportForm, OverviewFilterForm, ReportForm, ScheduleForm,
    SheetForm, SheetUploadForm,
)
from .models import Cycle, Evidence, ItemStatus, Report
from .obligations import obligation_for
from .permissions import (
    can_act, can_edit, can_file, can_manage_schedule, get_evidence, get_report, ledger_department, reads_whole_zone,
    visible_reports,
)
from .schedule import ScheduleError, cycles_with_provisional, update_schedule


def _item(user, item_id: int) -> Item:
    return get_object_or_404(Item.objects.filter(zone_id=user.zone_id).select_related("task", "task__plan"), pk=item_id)


def _paged(request, rows, param: str, per_page: int = 25):
    """One page of ``rows``, turned by the query parameter ``param`` so that several lists on one
    page turn separately (``_pagination.html`` keeps the other lists' parameters)."""
    page = Paginator(rows, per_page).get_page(request.GET.get(param))
    others = request.GET.copy()
    others.pop(param, None)
    page.param, page.query = param, others.urlencode()
    return page


@require_GET
@zone_member_required
def inbox(request):
    user = request.user
    dues = queries.department_dues(user.department, today()) if user.department_id else []
    items = queries.department_items(user.department) if user.department_id else []
    return render(request, "ledger/inbox.html", {
        "items": _paged(request, items, "items_page", 30),
        "dues": _paged(request, dues, "page"),
        "awaiting": _paged(request, queries.awaiting(user), "awaiting_page"),
        "returned": _paged(request, queries.returned(user), "returned_page"),
        "can_file": can_file(user, user.department_id),
    })


@require_GET
@zone_member_required
def item_detail(request, item_id: int):
    user = request.user
    item = _item(user, item_id)
    assignments = item.assignments.select_related("department")
    mine = [a for a in assignments if user.department and obligation_for(a, user.department)]
    cycles = [c for c in item.task.plan.cycles.all() if c.start <= today()]
    return render(request, "ledger/item_detail.html", {
        "item": item,
        "assignments": assignments,
        "status": ItemStatus.objects.filter(item=item).first(),
        "status_changes": _paged(request, item.status_changes.all(), "changes_page", 20),
        "cycle_reports": queries.item_reports(user, item),
        "my_assignments": mine if can_file(user, user.department_id) else [],
        "open_cycles": cycles[::-1],
        "is_office": user.has_role(Role.OFFICE),
    })


@require_POST
@zone_member_required
def report_start(request, item_id: int):
    """Open (or create) this department's draft for an assignment and cycle."""
    user = request.user
    item = _item(user, item_id)
    require(can_file(user, user.department_id), "只有本部门联络员可以填报")
    assignment = get_object_or_404(Assignment.objects.filter(item=item), pk=request.POST.get("assignment"))
    cycle = get_object_or_404(Cycle.objects.filter(plan_id=item.task.plan_id), pk=request.POST.get("cycle"))
    require(obligation_for(assignment, user.department) is not None, "本部门不承担该分工")
    require(cycle.start <= today(), f"{cycle.label}尚未开始，不能填报")  # the item page offers only started cycles
    report = flow.open_draft(assignment, user.department, cycle, user)
    return redirect("ledger:report", report_id=report.pk)


@require_GET
@zone_member_required
def report_detail(request, report_id: int):
    user = request.user
    report = get_report(user, report_id)
    editable = can_edit(user, report)
    actions = [a for a in (flow.Action.SUBMIT, flow.Action.APPROVE, flow.Action.ACCEPT, flow.Action.RETURN)
               if report.state in flow.TRANSITIONS[a][0] and can_act(user, report, a)]
    newest = not Report.objects.filter(
        assignment=report.assignment, department=report.department, cycle=report.cycle, version__gt=report.version
    ).exists()
    return render(request, "ledger/report_detail.html", {
        "report": report,
        "versions": Report.objects.filter(assignment=report.assignment, department=report.department,
                                          cycle=report.cycle).order_by("version"),
        "form": ReportForm(instance=report, initial={"revision": report.revision}) if editable else None,
        "actions": actions,
        "can_correct": newest and report.is_frozen and can_act(user, report, flow.Action.CORRECT),
        "comment_form": CommentForm(),
        "file_form": EvidenceFileForm() if editable else None,
        "link_form": EvidenceLinkForm() if editable else None,
        "max_mb": evidence_files.max_bytes() // 1048576,
        **_beside(user, report),
    })


def _beside(user, report: Report) -> dict:
    """The lead's report is reviewed with the cooperating ones beside it; a cooperating one points to the lead's."""
    if report.is_lead:
        return {"cooperation": queries.cooperation(user, report)}
    return {"lead_reports": queries.lead_reports_beside(user, report)}


@require_POST
@zone_member_required
def report_save(request, report_id: int):
    user = request.user
    report = get_report(user, report_id)
    require(can_edit(user, report), "只有本部门联络员可以修改草稿或退回的报告")
    form = ReportForm(request.POST, instance=Report.objects.get(pk=report.pk))
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in flow.EDITABLE_FIELDS}
        try:
            flow.save_draft(report, user, form.cleaned_data["revision"], **fields)
        except flow.FlowError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "已保存")
            return redirect("ledger:report", report_id=report.pk)
    # Show the user's own text back: a refused save loses nothing.
    return render(request, "ledger/report_detail.html", {
        "report": report, "form": form, "actions": [], "comment_form": CommentForm(),
        "versions": [report], "max_mb": evidence_files.max_bytes() // 1048576,
    }, status=409 if form.non_field_errors() else 400)


@require_POST
@zone_member_required
def report_act(request, report_id: int, action: str):
    user = request.user
    report = get_report(user, report_id)
    if action not in flow.TRANSITIONS and action != flow.Action.CORRECT:
        raise Http404
    require(can_act(user, report, action), "您没有权限执行此操作")
    comment = request.POST.get("comment", "")
    try:
        if action == flow.Action.CORRECT:
            report = flow.correct(report, user, comment)
        else:
            report = flow.transition(report, action, user, comment)
    except flow.FlowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已{flow.Action(action).label}")
    return redirect("ledger:report", report_id=report.pk)


@require_POST
@zone_member_required
def evidence_add(request, report_id: int):
    user = request.user
    report = get_report(user, report_id)
    require(can_edit(user, report), "只有本部门联络员可以为草稿添加佐证材料")
    if "url" in request.POST:
        form = EvidenceLinkForm(request.POST)
        if form.is_valid():
            Evidence.objects.create(zone_id=user.zone_id, report=report, kind=Evidence.Kind.LINK,
                                    title=form.cleaned_data["title"], url=form.cleaned_data["url"], uploaded_by=user)
            messages.success(request, "已添加链接")
        else:
            messages.error(request, "请填写名称和有效的链接")
        return redirect("ledger:report", report_id=report.pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择文件")
        return redirect("ledger:report", report_id=report.pk)
    if upload.size > evidence_files.max_bytes():
        # Refused before reading the body into memory.
        messages.error(request, f"{upload.name}：文件超过上限 {evidence_files.max_bytes() // 1048576} MB")
        return redirect("ledger:report", report_id=report.pk)
    data = upload.read()
    try:
        checked = evidence_files.check(upload.name, data)
    except evidence_files.EvidenceRejected as error:
        messages.error(request, str(error))
        return redirect("ledger:report", report_id=report.pk)
    Evidence.objects.create(
        zone_id=user.zone_id, report=report, kind=Evidence.Kind.FILE, title=checked.name,
        stored_name=evidence_files.store(user.zone_id, data), content_type=checked.content_type,
        size=checked.size, sha256=checked.sha256, uploaded_by=user,
    )
    messages.success(request, f"已上传 {upload.name}")
    return redirect("ledger:report", report_id=report.pk)


@require_GET
@zone_member_required
def evidence_download(request, evidence_id: int):
    evidence = get_evidence(request.user, evidence_id)
    if evidence.kind != Evidence.Kind.FILE:
        raise Http404
    return evidence_files.download(evidence.zone_id, evidence.stored_name, evidence.title, evidence.content_type)


@require_POST
@zone_member_required
def evidence_delete(request, evidence_id: int):
    user = request.user
    evidence = get_evidence(user, evidence_id)
    require(can_edit(user, evidence.report), "只有本部门联络员可以删除草稿的佐证材料")
    report_id = evidence.report_id
    evidence.delete()  # the file stays on disk: the audit trail may still point at it
    messages.success(request, "已删除")
    return redirect("ledger:report", report_id=report_id)


@require_GET
@zone_member_required
def overview(request):
    user = request.user
    require(reads_whole_zone(user), "只有领导小组办公室、绩效办和领导可以查看全局")
    form = OverviewFilterForm(
        request.GET or None,
        tasks=Task.objects.filter(zone_id=user.zone_id).select_related("plan"),
        departments=Department.objects.filter(zone_id=user.zone_id),
        colours=ItemStatus.Colour.choices,
    )
    filters = form.cleaned_data if form.is_valid() else {}
    items, counts = queries.overview(
        user.zone_id, task=filters.get("task"), department=filters.get("department"), colour=filters.get("colour", "")
    )
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "ledger/overview.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "plans": Plan.objects.filter(zone_id=user.zone_id).only("pk", "title") if can_manage_schedule(user) else [],
        "counts": [(value, label, counts.get(value, 0)) for value, label in ItemStatus.Colour.choices],
        "unassessed": counts.get(None, 0),
        "total": sum(counts.values()),
    })



@require_http_methods(["GET", "POST"])
@zone_member_required
def schedule(request, plan_id: int):
    user = request.user
    plan = get_object_or_404(Plan.objects.filter(zone_id=user.zone_id), pk=plan_id)
    require(can_manage_schedule(user), "只有领导小组办公室可以设置报送周期")
    form = ScheduleForm(request.POST or None, instance=plan.schedule)
    if request.method == "POST" and form.is_valid():
        try:
            update_schedule(plan, **{name: form.cleaned_data[name] for name in form.Meta.fields})
        except (ScheduleError, ValueError) as error:  # CalendarNotCovered is a ValueError with a Chinese message
            form.add_error(None, str(error))
        else:
            messages.success(request, "报送设置已保存，各期截止日期已更新")
            return redirect("ledger:schedule", plan_id=plan.pk)
    return render(request, "ledger/schedule.html", {"plan": plan, "form": form, "cycles": cycles_with_provisional(plan)})


# ---- Excel: the ledger out, a department's fill-in sheet back in ---------------------------------


@require_GET
@zone_member_required
def sheets(request):
    """Excel 台账: export a plan's ledger; a liaison downloads its fill-in sheet and uploads it back."""
    user = request.user
    plans = Plan.objects.filter(zone_id=user.zone_id).order_by("-year", "-pk")
    wanted = request.GET.get("plan", "")
    # isdecimal, not isdigit: "²" is a digit to Python that int() refuses (it was a 500)
    plan = plans.filter(pk=wanted).first() if wanted.isdecimal() else plans.first()
    context = {"plans": plans, "plan": plan, "whole_zone": reads_whole_zone(user),
               "can_file": can_file(user, user.department_id), "immediate_rows": settings.DUBAN_EXPORT_IMMEDIATE_ROWS}
    if plan is not None:
        context["export_form"] = _export_form(user, plan, _export_cycles(plan), None)
        context["sheet_form"] = SheetForm(None, cycles=started_cycles(plan, today()), auto_id="sheet_%s")
        context["upload_form"] = SheetUploadForm()
    return render(request, "ledger/sheets.html", context)


def _export_cycles(plan: Plan):
    cycles = started_cycles(plan, today())
    # A plan whose year has not begun: its cycles, empty as they are.
    return cycles if cycles.exists() else plan.cycles.order_by("start")


def _export_form(user, plan: Plan, cycles, data) -> LedgerExportForm:
    return LedgerExportForm(data, cycles=cycles, departments=Department.objects.filter(zone_id=user.zone_id),
                            tasks=plan.tasks.order_by("order"))


def _with_current_cycle(query, cycles) -> dict:
    """The form's filters, the current cycle when none is chosen."""
    data = query.dict()
    if not data.get("cycle") and cycles.exists():
        data["cycle"] = cycles.first().pk
    return data


def _xlsx(book, filename: str) -> FileResponse:
    out = tempfile.TemporaryFile()  # on disk, not in memory: a large ledger is tens of megabytes
    book.save(out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=xlsx.CONTENT_TYPE)


@require_POST
@zone_member_required
def ledger_export(request, plan_id: int):
    """Asks for the export (a POST: it is recorded); the file comes at once when small, else from
    its page once the worker has built it (duban/exports)."""
    user = request.user
    plan = get_object_or_404(Plan.objects.filter(zone_id=user.zone_id), pk=plan_id)
    cycles = _export_cycles(plan)
    form = _export_form(user, plan, cycles, _with_current_cycle(request.POST, cycles))
    if not form.is_valid():
        return HttpResponseBadRequest("筛选条件无效：" + "；".join(e for errors in form.errors.values() for e in errors),
                                      content_type="text/plain; charset=utf-8")
    department = ledger_department(user, form.cleaned_data["department"])
    wanted = exporting.Scope(plan, form.cleaned_data["cycle"], department, form.cleaned_data["task"], today())
    return redirect(exporting.start(user, wanted).next_url())


@require_GET
@zone_member_required
def fill_in_sheet(request, plan_id: int):
    user = request.user
    require(can_file(user, user.department_id), "只有本部门联络员可以下载填报表")
    plan = get_object_or_404(Plan.objects.filter(zone_id=user.zone_id), pk=plan_id)
    cycles = started_cycles(plan, today())
    form = SheetForm(_with_current_cycle(request.GET, cycles), cycles=cycles)
    if not form.is_valid():
        return HttpResponseBadRequest("请选择已开始的报送周期", content_type="text/plain; charset=utf-8")
    cycle = form.cleaned_data["cycle"]
    book = workbook.fill_in(visible_reports(user), plan, cycle, user.department, today())
    return _xlsx(book, f"{user.department.name}-{cycle.label}-台账填报表.xlsx")


@require_POST
@zone_member_required
def sheet_upload(request):
    user = request.user
    require(can_file(user, user.department_id), "只有本部门联络员可以上传填报表")
    form = SheetUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _refused(request, upload.SheetRefused("填报表", [upload.Problem(None, None, "请选择要上传的文件")]))
    sent = form.cleaned_data["file"]
    if sent.size > upload.MAX_BYTES:  # refused before the body is read into memory
        problem = upload.Problem(None, None, f"文件超过上限 {upload.MAX_BYTES // 1048576} MB")
        return _refused(request, upload.SheetRefused(sent.name, [problem]))
    try:
        preview = upload.read(user, sent.name, sent.read())
    except upload.SheetRefused as refusal:
        return _refused(request, refusal)
    return render(request, "ledger/sheet_preview.html", {"preview": preview, "token": preview.token(user)})


@require_POST
@zone_member_required
def sheet_confirm(request):
    user = request.user
    require(can_file(user, user.department_id), "只有本部门联络员可以上传填报表")
    try:
        saved = upload.apply(user, request.POST.get("token", ""))
    except upload.SheetRefused as refusal:
        return _refused(request, refusal, status=409)
    messages.success(request, f"已将 {saved} 项填报保存为草稿：请逐项核对并设置自评状态后报送")
    return redirect("ledger:inbox")


def _refused(request, refusal: upload.SheetRefused, status: int = 400):
    return render(request, "ledger/sheet_refused.html", {"refusal": refusal}, status=status)
