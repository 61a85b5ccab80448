"""The leaders' dashboard (领导驾驶舱): one page, every figure and chart of one plan."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from duban.accounts.permissions import require, zone_member_required
from duban.clock import today
from duban.plans.models import Plan

from .charts import chart_data
from .figures import figures
from .permissions import can_see_dashboard


def _chosen_plan(request, plans: list[Plan]) -> Plan | None:
    """The plan asked for with ``?plan=`` (one of the zone's, else 404), or the latest year's."""
    wanted = request.GET.get("plan")
    if not wanted:
        return plans[0] if plans else None
    chosen = next((p for p in plans if str(p.pk) == wanted), None)
    if chosen is None:
        raise Http404("没有这个方案")
    return chosen


@require_GET
@zone_member_required
def dashboard(request):
    require(can_see_dashboard(request.user), "只有领导、领导小组办公室和绩效办可以查看领导驾驶舱")
    plans = list(Plan.objects.filter(zone_id=request.user.zone_id).only("pk", "title", "year", "zone_id"))
    plan = _chosen_plan(request, plans)
    context = {"plans": plans, "plan": plan}
    if plan is not None:
        context["figures"] = figures(plan, today())
        context["charts"] = chart_data(context["figures"])
    return render(request, "dashboard/dashboard.html", context)
