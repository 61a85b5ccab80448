"""督办通知 pages: check permission (permissions.py), call a function (notices.py), render."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from duban.accounts.permissions import require, zone_member_required
from duban.clock import today
from duban.plans.models import Item

from . import notices
from .forms import IssueForm, ReplyForm
from .permissions import can_issue, can_reply, get_notice, visible_notices


@require_http_methods(["GET", "POST"])
@zone_member_required
def issue(request, item_id: int):
    user = request.user
    item = get_object_or_404(Item.objects.filter(zone_id=user.zone_id).select_related("task", "zone"), pk=item_id)
    require(can_issue(user), "只有领导小组办公室可以发出督办通知")
    form = IssueForm(request.POST if request.method == "POST" else None, zone_id=user.zone_id, today=today(),
                     initial_department=notices.usual_addressee(item))
    if request.method == "POST" and form.is_valid():
        notices.issue(item, form.cleaned_data["department"], form.cleaned_data["instruction"],
                      form.cleaned_data["reply_due"], user)
        messages.success(request, f"已向{form.cleaned_data['department'].name}发出督办通知")
        return redirect("ledger:item", item_id=item.pk)
    # A refused form is shown on its own page, with what the office typed kept.
    return render(request, "supervision/issue.html", {"item": item, "form": form},
                  status=400 if request.method == "POST" else 200)


@require_GET
@zone_member_required
def notice_list(request):
    user = request.user
    day = today()
    page = Paginator(
        visible_notices(user).select_related("item", "item__task", "department").order_by("-issued_at", "-pk"), 30
    ).get_page(request.GET.get("page"))
    for notice in page:
        notice.current_state = notice.state(day)
    return render(request, "supervision/notice_list.html", {"page": page})


@require_GET
@zone_member_required
def notice_detail(request, notice_id: int):
    user = request.user
    notice = get_notice(user, notice_id)
    return render(request, "supervision/notice_detail.html", {
        "notice": notice,
        "state": notice.state(today()),
        "form": ReplyForm() if can_reply(user, notice) else None,
    })


@require_POST
@zone_member_required
def notice_reply(request, notice_id: int):
    user = request.user
    notice = get_notice(user, notice_id)
    require(can_reply(user, notice), "该督办通知已回复，或您不是被督办部门的联络员、负责人")
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return render(request, "supervision/notice_detail.html", {
            "notice": notice, "state": notice.state(today()), "form": form,
        }, status=400)
    try:
        notices.reply(notice, form.cleaned_data["reply"], user)
    except notices.AlreadyReplied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "已回复")
    return redirect("supervision:detail", notice_id=notice.pk)
