"""对账销号 pages: check permission (permissions.py), call a function (flow.py), render."""

from django.contrib import messages
from django.views.decorators.cache import never_cache
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from duban.accounts.permissions import require, zone_member_required
from duban.clock import today
from duban.documents import downloads, gongwen, xlsx
from duban.ledger import evidence as evidence_files
from duban.plans.permissions import get_plan, visible_plans

from . import export, flow
from .carry import next_plan_choices
from .dossier import counts_of, dossiers, sheet_status, with_counts
from .forms import ApplyForm, CloseForm, DecideForm, DisputeForm, EvidenceForm, ResolveForm
from .models import CarryOver, Line, Reconciliation, Sheet
from .permissions import (
    can_apply, can_confirm, can_run, get_attachment, get_line, get_reconciliation, get_sheet, reads_every_sheet,
    visible_sheets,
)


@require_GET
@zone_member_required
def index(request):
    """The zone's plans and their reconciliation: the office opens one, readers see all, a department its sheets."""
    user = request.user
    plans = list(visible_plans(user).select_related("reconciliation"))
    mine = {s.reconciliation.plan_id: s for s in
            visible_sheets(user).filter(department_id=user.department_id).select_related("reconciliation")}
    rows = [(plan, getattr(plan, "reconciliation", None), mine.get(plan.pk)) for plan in plans]
    return render(request, "closing/index.html", {
        "rows": rows, "can_run": can_run(user), "reads_all": reads_every_sheet(user),
    })


@require_POST
@zone_member_required
def open_plan(request, plan_id: int):
    user = request.user
    plan = get_plan(user, plan_id)
    require(can_run(user), "只有领导小组办公室可以发起对账销号")
    try:
        reconciliation = flow.open_reconciliation(plan, user)
    except flow.FlowError as error:
        messages.error(request, str(error))
        return redirect("closing:index")
    messages.success(request, f"已发起《{plan.title}》对账销号，共 {reconciliation.sheets.count()} 个部门的对账单")
    return redirect("closing:reconciliation", reconciliation_id=reconciliation.pk)


@require_GET
@zone_member_required
def reconciliation_detail(request, reconciliation_id: int):
    user = request.user
    reconciliation = get_reconciliation(user, reconciliation_id)
    return _reconciliation_page(request, reconciliation, CloseForm(plans=next_plan_choices(reconciliation)))


def _reconciliation_page(request, reconciliation: Reconciliation, close_form, status: int = 200):
    sheets = list(with_counts(reconciliation.sheets.select_related("department", "confirmed_by")))
    rows = []
    for sheet in sheets:
        counts = counts_of(sheet)
        rows.append((sheet, counts, sheet_status(sheet, counts)))
    carry_overs = (CarryOver.objects.filter(reconciliation=reconciliation)
                   .select_related("source", "source__task", "target", "target__task", "target__task__plan"))
    return render(request, "closing/reconciliation.html", {
        "reconciliation": reconciliation, "plan": reconciliation.plan, "rows": rows,
        "confirmed": sum(1 for sheet in sheets if sheet.is_confirmed),
        "close_form": close_form if can_run(request.user) and not reconciliation.is_closed else None,
        "carry_overs": carry_overs,
    }, status=status)


@require_POST
@zone_member_required
def close(request, reconciliation_id: int):
    user = request.user
    reconciliation = get_reconciliation(user, reconciliation_id)
    require(can_run(user), "只有领导小组办公室可以关闭对账销号")
    form = CloseForm(request.POST, plans=next_plan_choices(reconciliation))
    if form.is_valid():
        try:
            closed = flow.close(reconciliation, user, form.cleaned_data["next_plan"])
        except flow.FlowError as error:
            form.add_error(None, str(error))
        else:
            landed = f"，结转任务已纳入《{closed.carried_to.title}》" if closed.carried_to else ""
            messages.success(request, f"对账销号已关闭{landed}")
            return redirect("closing:reconciliation", reconciliation_id=reconciliation.pk)
    return _reconciliation_page(request, reconciliation, form, status=400)


@require_GET
@zone_member_required
def sheet_detail(request, sheet_id: int):
    return _sheet_page(request, get_sheet(request.user, sheet_id))


def _sheet_page(request, sheet, bound=None, status: int = 200):
    """The 对账单 with a form per line for what this user may do there; ``bound`` = (line id, name,
    form) shows a refused form again with what the user typed."""
    user = request.user
    counts = counts_of(with_counts(Sheet.objects.filter(pk=sheet.pk)).get())
    frozen = sheet.is_confirmed or sheet.reconciliation.is_closed
    lines = dossiers(sheet, today())
    for dossier in lines:
        dossier.forms = {} if frozen else _line_forms(user, dossier.line)
        if bound and bound[0] == dossier.line.pk:
            dossier.forms[bound[1]] = bound[2]
    return render(request, "closing/sheet.html", {
        "sheet": sheet, "plan": sheet.reconciliation.plan, "reconciliation": sheet.reconciliation,
        "lines": lines, "counts": counts, "status": sheet_status(sheet, counts), "frozen": frozen,
        "can_confirm": not frozen and can_confirm(user, sheet) and counts.ready,
        "reads_all": reads_every_sheet(user), "max_mb": evidence_files.max_bytes() // 1048576,
    }, status=status)


def _line_forms(user, line: Line) -> dict:
    forms = {}
    State = Line.State
    if can_apply(user, line) and line.state in flow.SOURCES[flow.Action.APPLY]:
        forms["apply"] = ApplyForm(initial={"request": line.request or Line.Request.CLOSE, "statement": line.statement,
                                            "deadline": line.requested_deadline, "stage_goal": line.requested_stage_goal},
                                   prefix=f"l{line.pk}")
        forms["evidence"] = EvidenceForm(prefix=f"l{line.pk}")
    if can_run(user) and line.state == State.APPLIED:
        forms["decide"] = DecideForm(initial=flow.initial_ruling(line), prefix=f"l{line.pk}")
    if can_run(user) and line.state == State.DISPUTED:
        forms["resolve"] = ResolveForm(prefix=f"l{line.pk}")
    if can_confirm(user, line.sheet) and line.state == State.DECIDED:
        forms["dispute"] = DisputeForm(prefix=f"l{line.pk}")
    return forms


def _back(line: Line):
    return redirect(reverse("closing:sheet", args=[line.sheet_id]) + f"#line-{line.pk}")


def _act(request, line: Line, name: str, form, act, done: str, file_field: str = ""):
    """Run ``act(form)`` when the form is valid; a refusal shows the sheet again with the form as typed.

    A file in ``file_field`` over the evidence limit is refused before its body is read.
    """
    upload = request.FILES.get(f"{form.prefix}-{file_field}") if file_field else None
    if form.is_valid():
        if upload is not None and upload.size > evidence_files.max_bytes():
            form.add_error(file_field, f"{upload.name}：文件超过上限 {evidence_files.max_bytes() // 1048576} MB")
        else:
            try:
                act(form)
            except flow.FlowError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, done)
                return _back(line)
    return _sheet_page(request, line.sheet, (line.pk, name, form), status=400)


@require_POST
@zone_member_required
def apply(request, line_id: int):
    user = request.user
    line = get_line(user, line_id)
    require(can_apply(user, line), "只有本部门联络员可以提出申请")
    form = ApplyForm(request.POST, prefix=f"l{line.pk}")
    return _act(request, line, "apply", form,
                lambda f: flow.apply(line, user, f.cleaned_data["request"], f.cleaned_data["statement"],
                                     f.cleaned_data["deadline"], f.cleaned_data["stage_goal"]),
                "已提出申请，等待领导小组办公室审定")


@require_POST
@zone_member_required
def evidence_add(request, line_id: int):
    user = request.user
    line = get_line(user, line_id)
    require(can_apply(user, line), "只有本部门联络员可以上传佐证材料")
    form = EvidenceForm(request.POST, request.FILES, prefix=f"l{line.pk}")
    return _act(request, line, "evidence", form,
                lambda f: flow.add_evidence(line, user, f.cleaned_data["file"].name, f.cleaned_data["file"].read()),
                "已上传佐证材料", file_field="file")


@require_POST
@zone_member_required
def decide(request, line_id: int):
    user = request.user
    line = get_line(user, line_id)
    require(can_run(user), "只有领导小组办公室可以审定")
    form = DecideForm(request.POST, request.FILES, prefix=f"l{line.pk}")
    return _act(request, line, "decide", form, lambda f: flow.decide(line, user, f.ruling()),
                f"已审定：{line.item.code}", file_field="approval")


@require_POST
@zone_member_required
def dispute(request, line_id: int):
    user = request.user
    line = get_line(user, line_id)
    require(can_confirm(user, line.sheet), "只有本部门负责人可以提出异议")
    form = DisputeForm(request.POST, prefix=f"l{line.pk}")
    return _act(request, line, "dispute", form, lambda f: flow.dispute(line, user, f.cleaned_data["comment"]),
                "已提出异议，等待领导小组办公室处理")


@require_POST
@zone_member_required
def resolve(request, line_id: int):
    user = request.user
    line = get_line(user, line_id)
    require(can_run(user), "只有领导小组办公室可以处理异议")
    form = ResolveForm(request.POST, request.FILES, prefix=f"l{line.pk}")
    return _act(request, line, "resolve", form,
                lambda f: flow.resolve(line, user, f.cleaned_data["reply"], f.ruling()), "异议已处理",
                file_field="approval")


@require_POST
@zone_member_required
def confirm(request, sheet_id: int):
    user = request.user
    sheet = get_sheet(user, sheet_id)
    require(can_confirm(user, sheet), "只有本部门负责人可以确认对账单")
    try:
        flow.confirm(sheet, user)
    except flow.FlowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "对账单已确认")
    return redirect("closing:sheet", sheet_id=sheet.pk)


@require_GET
@zone_member_required
def attachment(request, attachment_id: int):
    found = get_attachment(request.user, attachment_id)
    return evidence_files.download(found.zone_id, found.stored_name, found.title, found.content_type)


@require_POST
@zone_member_required
def attachment_delete(request, attachment_id: int):
    user = request.user
    found = get_attachment(user, attachment_id)
    require(can_apply(user, found.line), "只有本部门联络员可以删除佐证材料")
    try:
        flow.remove_evidence(found)
    except flow.FlowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "已删除")
    return _back(found.line)


FORMATS = {"xlsx": (export.write_xlsx, xlsx.CONTENT_TYPE), "docx": (export.write_docx, gongwen.CONTENT_TYPE)}


@require_GET
@never_cache  # the sheet moves on: a download is never served from a cache
@zone_member_required
def sheet_download(request, sheet_id: int, kind: str):
    sheet = get_sheet(request.user, sheet_id)
    write, content_type = FORMATS[kind]
    content = export.sheet_export(sheet, today())
    return downloads.attachment(write(content), f"{content.title}.{kind}", content_type)
