"""Assessment pages: check permission (permissions.py), call a function, render."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from duban.accounts.permissions import require, zone_member_required
from duban.clock import today
from duban.documents import downloads, gongwen, xlsx
from duban.plans.permissions import get_plan, visible_plans

from . import editing, exports, scoring
from .forms import AppealForm, EntryForm, PartFormSet, RuleFormSet, SchemeForm
from .models import Appeal, Entry
from .permissions import (
    can_edit, get_appeal, get_entry, get_scored_department, reads_all_scores, visible_scores,
)
from .results import finalise, outcome
from .schemes import NotStarted, SchemeFinal, TooEarly, ensure_scheme, saved_scheme, to_pure

EDIT_REFUSED = "只有绩效办可以修改考核方案、登记加减分事项和申诉复核结果"


@require_GET
@zone_member_required
def index(request):
    plans = list(visible_plans(request.user).select_related("assessment_scheme"))
    if len(plans) == 1:
        return redirect("assessment:results", plan_id=plans[0].pk)
    return render(request, "assessment/index.html", {"plans": plans})


@require_GET
@zone_member_required
def results_page(request, plan_id: int):
    user = request.user
    plan = get_plan(user, plan_id)
    try:
        result = outcome(plan, today())
    except NotStarted as error:
        return _not_started(request, plan, error)
    everyone = reads_all_scores(user)
    return render(request, "assessment/results.html", {
        "plan": plan, "outcome": result, "scores": visible_scores(user, result.results.scores),
        "reads_all": everyone, "can_edit": can_edit(user),
        "commended": result.results.commended if everyone else (),
        "accountable": result.results.accountable if everyone else (),
        "effects": scoring.EFFECTS,
    })


@require_GET
@zone_member_required
def department_page(request, plan_id: int, scored_department_id: int):
    user = request.user
    plan = get_plan(user, plan_id)
    department = get_scored_department(user, scored_department_id)
    try:
        result = outcome(plan, today())
    except NotStarted as error:
        return _not_started(request, plan, error)
    return render(request, "assessment/department.html", {
        "plan": plan, "department": department, "outcome": result, "score": result.score_of(department.pk),
        "reads_all": reads_all_scores(user),
    })


def _not_started(request, plan, error: NotStarted) -> HttpResponse:
    """The plan year has not begun: the page says so, and nothing is computed."""
    return render(request, "assessment/not_started.html", {
        "plan": plan, "message": str(error), "reads_all": reads_all_scores(request.user),
        "can_edit": can_edit(request.user),
    })


def _results_download(request, plan_id: int, kind: str) -> HttpResponse:
    require(reads_all_scores(request.user), "只有绩效办、领导小组办公室和领导可以下载全部考核结果")
    plan = get_plan(request.user, plan_id)
    try:
        result = outcome(plan, today())
    except NotStarted as error:
        return _not_started(request, plan, error)
    if kind == "xlsx":
        data, name, content_type = exports.results_workbook(result), "绩效考核结果.xlsx", xlsx.CONTENT_TYPE
    else:
        data, name, content_type = exports.results_gongwen(result, today()), "绩效考核结果通报.docx", gongwen.CONTENT_TYPE
    return downloads.attachment(data, f"{plan.year}年度{name}", content_type)


@require_GET
@never_cache
@zone_member_required
def results_xlsx(request, plan_id: int):
    return _results_download(request, plan_id, "xlsx")


@require_GET
@never_cache
@zone_member_required
def results_docx(request, plan_id: int):
    return _results_download(request, plan_id, "docx")


@require_GET
@never_cache
@zone_member_required
def department_xlsx(request, plan_id: int, scored_department_id: int):
    plan = get_plan(request.user, plan_id)
    department = get_scored_department(request.user, scored_department_id)
    try:
        result = outcome(plan, today())
    except NotStarted as error:
        return _not_started(request, plan, error)
    score = result.score_of(department.pk)
    if score is None:
        raise Http404("该部门未参加本方案的考核")
    return downloads.attachment(exports.department_workbook(result, score),
                                f"{department.name}{plan.year}年度考核得分明细.xlsx", xlsx.CONTENT_TYPE)


@require_http_methods(["GET", "POST"])
@zone_member_required
def scheme_page(request, plan_id: int):
    user = request.user
    plan = get_plan(user, plan_id)
    scheme = saved_scheme(plan)
    editable = can_edit(user) and scheme is not None and not scheme.is_final
    if request.method == "POST":
        require(can_edit(user), EDIT_REFUSED)
        if scheme is None:
            scheme = ensure_scheme(plan, user)
    data = request.POST if request.method == "POST" else None
    context = {"plan": plan, "scheme": scheme, "can_edit": can_edit(user), "editable": editable,
               "pure": to_pure(scheme), "errors": [], "effects": scoring.EFFECTS, "triggers": scoring.TRIGGERS}
    if scheme is None:
        return render(request, "assessment/scheme.html", context)
    form = SchemeForm(data, instance=scheme, prefix="scheme")
    parts = PartFormSet(data, instance=scheme, prefix="parts")
    rules = RuleFormSet(data, instance=scheme, prefix="rules")
    context.update(form=form, parts=parts, rules=rules)
    if data is not None:
        if form.is_valid() and parts.is_valid() and rules.is_valid():
            try:
                editing.save_scheme(scheme, form, parts, rules, user)
            except editing.SchemeInvalid as error:
                context["errors"] = error.errors
            except SchemeFinal as error:
                context["errors"] = [str(error)]
            else:
                messages.success(request, "考核方案已保存，考核得分已按新方案重新计算")
                return redirect("assessment:results", plan_id=plan.pk)
        return render(request, "assessment/scheme.html", context, status=400)
    return render(request, "assessment/scheme.html", context)


@require_POST
@zone_member_required
def scheme_start(request, plan_id: int):
    require(can_edit(request.user), EDIT_REFUSED)
    plan = get_plan(request.user, plan_id)
    ensure_scheme(plan, request.user)
    return redirect("assessment:scheme", plan_id=plan.pk)


@require_http_methods(["GET", "POST"])
@zone_member_required
def entries_page(request, plan_id: int):
    user = request.user
    require(reads_all_scores(user), "只有绩效办、领导小组办公室和领导可以查看加减分事项")
    plan = get_plan(user, plan_id)
    scheme = saved_scheme(plan)
    form = None
    if request.method == "POST":
        require(can_edit(user), EDIT_REFUSED)
        scheme = ensure_scheme(plan, user)
        form = EntryForm(request.POST, scheme=scheme)
        if form.is_valid():
            try:
                editing.add_entry(scheme, form, user)
            except SchemeFinal as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "加减分事项已登记")
            return redirect("assessment:entries", plan_id=plan.pk)
    elif can_edit(user) and scheme is not None and not scheme.is_final:
        form = EntryForm(scheme=scheme)
    entries = Entry.objects.none() if scheme is None else (
        Entry.objects.filter(rule__scheme=scheme).select_related("rule", "department", "item__task", "recorded_by"))
    return render(request, "assessment/entries.html", {
        "plan": plan, "scheme": scheme, "entries": entries, "form": form, "can_edit": can_edit(user),
    }, status=400 if form is not None and form.is_bound else 200)


@require_POST
@zone_member_required
def entry_delete(request, assessment_entry_id: int):
    entry = get_entry(request.user, assessment_entry_id)
    plan_id = entry.rule.scheme.plan_id
    try:
        editing.delete_entry(entry)
    except SchemeFinal as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "加减分事项已删除")
    return redirect("assessment:entries", plan_id=plan_id)


@require_http_methods(["GET", "POST"])
@zone_member_required
def appeals_page(request, plan_id: int):
    user = request.user
    require(reads_all_scores(user), "只有绩效办、领导小组办公室和领导可以查看差评申诉复核")
    plan = get_plan(user, plan_id)
    frozen = editing.appeals_frozen(user.zone_id, plan.year)
    if request.method == "POST":
        require(can_edit(user), EDIT_REFUSED)
        if frozen:
            messages.error(request, str(editing.AppealsFrozen()))
            return redirect("assessment:appeals", plan_id=plan.pk)
    form = AppealForm(request.POST or None, zone_id=user.zone_id) if can_edit(user) and not frozen else None
    if request.method == "POST":
        if form.is_valid():
            try:
                editing.add_appeal(form, user.zone_id, user)
            except editing.AppealsFrozen as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "申诉复核结果已登记")
            return redirect("assessment:appeals", plan_id=plan.pk)
    appeals = Appeal.objects.filter(zone_id=user.zone_id, case__received_on__year=plan.year).select_related(
        "case__service_type__department", "recorded_by")
    return render(request, "assessment/appeals.html", {
        "plan": plan, "form": form, "can_edit": can_edit(user) and not frozen, "frozen": frozen,
        "page": Paginator(appeals, 50).get_page(request.GET.get("page")),
    }, status=400 if request.method == "POST" else 200)


@require_POST
@zone_member_required
def appeal_delete(request, appeal_id: int):
    appeal = get_appeal(request.user, appeal_id)
    year = appeal.case.received_on.year
    try:
        editing.delete_appeal(appeal)
    except editing.AppealsFrozen as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "申诉复核结果已删除")
    plan = visible_plans(request.user).filter(year=year).first()
    return redirect("assessment:appeals", plan_id=plan.pk) if plan else redirect("assessment:index")


@require_POST
@zone_member_required
def finalise_view(request, plan_id: int):
    require(can_edit(request.user), "只有绩效办可以定稿考核结果")
    plan = get_plan(request.user, plan_id)
    try:
        finalise(plan, request.user, today())
    except (SchemeFinal, TooEarly, NotStarted) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "考核结果已定稿：此后数据变化不再改变本次结果")
    return redirect("assessment:results", plan_id=plan.pk)
