"""Plan pages: thin views that check permission, call a function, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from duban.accounts.permissions import require, zone_member_required
from duban.zones.models import Department

from . import pending, queries, review
from .forms import PlanUploadForm
from .importing import import_plan, preview_import
from .models import Target
from .parsing import PlanParseError
from .permissions import can_import_plan, get_department, get_plan, visible_plans


@require_GET
@zone_member_required
def home(request):
    plans = list(visible_plans(request.user)[:2])
    if len(plans) == 1:
        return redirect("plans:detail", plan_id=plans[0].pk)
    return redirect("plans:list")


@require_GET
@zone_member_required
def plan_list(request):
    return render(
        request,
        "plans/plan_list.html",
        {"plans": visible_plans(request.user), "can_import": can_import_plan(request.user)},
    )


@require_GET
@zone_member_required
def plan_detail(request, plan_id: int):
    plan = get_plan(request.user, plan_id)
    return render(request, "plans/plan_detail.html", {"plan": plan, "tasks": queries.plan_tree(plan)})


@require_GET
@zone_member_required
def department_list(request):
    departments = Department.objects.filter(zone_id=request.user.zone_id)
    return render(request, "plans/department_list.html", {"departments": departments})


@require_GET
@zone_member_required
def department_detail(request, department_id: int):
    department = get_department(request.user, department_id)
    return render(
        request,
        "plans/department_detail.html",
        {
            "department": department,
            "led_items": queries.led_items(department),
            "supported_items": queries.supported_items(department),
        },
    )


@require_http_methods(["GET", "POST"])
@zone_member_required
def import_upload(request):
    require(can_import_plan(request.user), "只有领导小组办公室可以导入方案")
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["document"]
        data, year = upload.read(), form.cleaned_data["year"]
        try:
            preview = preview_import(request.user.zone, data, upload.name, year=year)
        except PlanParseError as error:
            form.add_error("document", str(error))
        else:
            token = pending.keep(request.session, data, upload.name, year, preview.text, preview.draft)
            return _render_preview(request, preview, token)
    return render(request, "plans/import_upload.html", {"form": form})


def _render_preview(request, preview, token, submitted=None, errors=(), status=200, typed_departments=()):
    items = review.review_items(preview, submitted)
    context = {
        "preview": preview, "token": token, "errors": errors, "typed_departments": typed_departments,
        "title_value": submitted.get("title", preview.draft.title) if submitted is not None else preview.draft.title,
        "doubtful": [i for i in items if i.is_doubtful], "certain": [i for i in items if not i.is_doubtful],
        "comparators": Target.Comparator.choices,
    }
    return render(request, "plans/import_preview.html", context, status=status)


@require_POST
@zone_member_required
def import_confirm(request):
    require(can_import_plan(request.user), "只有领导小组办公室可以导入方案")
    token = request.POST.get("token", "")
    waiting = pending.peek(request.session, token)
    if waiting is None:
        messages.error(request, "导入已失效（可能已确认过或会话已过期），请重新上传")
        return redirect("plans:import")
    data, filename, year, read = waiting
    try:
        # What the preview read is kept with the file: confirming does not parse it again.
        preview = preview_import(request.user.zone, data, filename, year=year, parsed=read)
        corrections, errors = review.read_corrections(preview, request.POST)
        if errors:  # nothing written; the office sees its entries again with what to fix
            return _render_preview(
                request, preview, token, request.POST, errors, status=400, typed_departments=corrections.new_departments
            )
        pending.take(request.session, token)
        result = import_plan(preview, user=request.user, corrections=corrections)
    except PlanParseError as error:
        messages.error(request, str(error))
        return redirect("plans:import")
    if result.created:
        count = len(corrections.items) + (corrections.title is not None)  # items corrected, and the title
        corrected = f"，按办公室修改更正 {count} 项" if count else ""
        messages.success(request, f"已导入《{result.plan.title}》，新增部门 {len(result.new_departments)} 个{corrected}")
    else:
        messages.info(request, f"该文件已导入过，未重复导入：《{result.plan.title}》")
    return redirect("plans:detail", plan_id=result.plan.pk)
