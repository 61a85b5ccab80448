"""Meeting pages: check permission (permissions.py), call a function, render."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from duban.accounts.permissions import require, zone_member_required
from duban.clock import today
from duban.plans.permissions import get_plan, visible_plans
from duban.zones.models import Department

from . import compliance as rules
from .forms import DecisionFormSet, DoneForm, MeetingFilterForm, MeetingForm
from .models import Decision, Meeting
from .permissions import (
    can_edit, can_mark_done, can_record, can_see_compliance, get_decision, get_meeting, host_choices, recordable_plans,
    visible_meetings,
)
from .recording import NotOpen, mark_done, save_meeting


@require_GET
@zone_member_required
def meeting_list(request):
    user = request.user
    form = MeetingFilterForm(
        request.GET or None,
        plans=visible_plans(user),
        departments=Department.objects.filter(zone_id=user.zone_id),
    )
    filters = form.cleaned_data if form.is_valid() else {}
    meetings = visible_meetings(user).select_related("plan", "host").annotate(
        decision_count=Count("decisions", distinct=True)
    )
    if filters.get("plan"):
        meetings = meetings.filter(plan=filters["plan"])
    if filters.get("department"):
        meetings = meetings.filter(host=filters["department"])
    query = request.GET.copy()
    query.pop("page", None)
    plans = list(recordable_plans(user).only("pk", "title", "year"))
    return render(request, "meetings/meeting_list.html", {
        "form": form,
        "page": Paginator(meetings.order_by("-date", "-pk"), 30).get_page(request.GET.get("page")),
        "query": query.urlencode(),
        "record_plans": plans,
        "can_see_compliance": can_see_compliance(user),
    })


def _edit(request, meeting: Meeting):
    """The form for a new or existing meeting; decisions already done are frozen and not offered."""
    user = request.user
    hosts = host_choices(user, meeting.plan)
    require(hosts, "只有本方案牵头部门的联络员或负责人（或领导小组办公室）可以记录推进会议")
    data = request.POST if request.method == "POST" else None
    form = MeetingForm(data, instance=meeting, hosts=hosts)
    # Done follow-up actions are frozen: left out of the formset, shown as text.
    frozen = Decision.objects.filter(meeting_id=meeting.pk, status=Decision.Status.DONE, due__isnull=False)
    editable = Decision.objects.filter(meeting_id=meeting.pk).exclude(pk__in=frozen.values("pk"))
    decisions = DecisionFormSet(
        data, instance=meeting, queryset=editable, prefix="decisions",
        form_kwargs={"departments": Department.objects.filter(zone_id=user.zone_id)},
    )
    if data is not None and form.is_valid() and decisions.is_valid():
        meeting = save_meeting(form, decisions, user)
        messages.success(request, "推进会议已保存")
        return redirect("meetings:detail", meeting_id=meeting.pk)
    return render(request, "meetings/meeting_form.html", {
        "meeting": meeting, "form": form, "decisions": decisions,
        "done_decisions": frozen.select_related("owner"),
    }, status=400 if data is not None else 200)


@require_http_methods(["GET", "POST"])
@zone_member_required
def meeting_create(request):
    user = request.user
    require(can_record(user), "只有牵头部门的联络员或负责人（或领导小组办公室）可以记录推进会议")
    plan_id = request.GET.get("plan") or request.POST.get("plan")
    if not plan_id:
        plans = list(visible_plans(user)[:2])
        if len(plans) != 1:
            return redirect("meetings:list")
        plan = plans[0]
    elif not str(plan_id).isdecimal():  # not isdigit: int("²") fails (it was a 500)
        raise Http404
    else:
        plan = get_plan(user, int(plan_id))
    return _edit(request, Meeting(zone_id=user.zone_id, plan=plan))


@require_http_methods(["GET", "POST"])
@zone_member_required
def meeting_edit(request, meeting_id: int):
    meeting = get_meeting(request.user, meeting_id)
    require(can_edit(request.user, meeting), "只有主办部门的联络员或负责人（或领导小组办公室）可以修改推进会议")
    return _edit(request, meeting)


@require_GET
@zone_member_required
def meeting_detail(request, meeting_id: int):
    user = request.user
    meeting = get_meeting(user, meeting_id)
    decisions = list(meeting.decisions.select_related("owner", "done_by"))
    day = today()
    for decision in decisions:
        decision.overdue = decision.is_overdue(day)
        decision.closable = decision.is_open and can_mark_done(user, decision)
    return render(request, "meetings/meeting_detail.html", {
        "meeting": meeting,
        "attendees": meeting.attendees.all(),
        "items": meeting.items.select_related("task"),
        "decisions": decisions,
        "can_edit": can_edit(user, meeting),
        "done_form": DoneForm(),
    })


@require_POST
@zone_member_required
def decision_done(request, decision_id: int):
    user = request.user
    decision = get_decision(user, decision_id)
    require(can_mark_done(user, decision), "只有责任部门的联络员或负责人可以标记完成")
    form = DoneForm(request.POST)
    note = form.cleaned_data["done_note"] if form.is_valid() else ""
    try:
        mark_done(decision, user, note)
    except NotOpen as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "跟踪事项已标记完成")
    return redirect("meetings:detail", meeting_id=decision.meeting_id)


@require_GET
@zone_member_required
def compliance_page(request):
    user = request.user
    require(can_see_compliance(user), "只有领导小组办公室、绩效办和领导可以查看推进会议开展情况")
    plans = list(visible_plans(user))
    plan_id = request.GET.get("plan")
    plan = next((p for p in plans if str(p.pk) == plan_id), plans[0] if plans else None)
    day = today()
    return render(request, "meetings/compliance.html", {
        "plans": plans, "plan": plan, "today": day, "result": rules.compliance(plan, day) if plan else None,
    })
