"""The zone-wide audit log.  Read-only: nothing in this app writes to the trail; auditlog's
signal handlers are the only writer."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from duban.accounts.permissions import is_office, require, zone_member_required

from .display import describe
from .forms import LogFilterForm
from .queries import zone_entries


@require_GET
@zone_member_required
def log(request):
    user = request.user
    require(is_office(user), "只有领导小组办公室可以查看审计日志")
    form = LogFilterForm(request.GET or None, zone_id=user.zone_id)
    page = Paginator(form.apply(zone_entries(user.zone_id)), 50).get_page(request.GET.get("page"))
    page.object_list = describe(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/log.html", {"form": form, "page": page, "query": query.urlencode()})
