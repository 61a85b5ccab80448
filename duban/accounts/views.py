"""The office's list of its zone's users, and its resetting of a department user's password.
(A user's own password change is Django's view, with Chinese templates: urls.py.)"""

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import get_object_or_404, redirect, render

from .models import User
from .passwords import set_password_for
from .permissions import can_reset_password, is_office, require, zone_member_required


def _zone_users(request):
    return User.objects.filter(zone_id=request.user.zone_id, is_superuser=False)


@zone_member_required
def users(request):
    require(is_office(request.user), "只有领导小组办公室可以管理本开发区的用户")
    people = list(_zone_users(request).select_related("department").prefetch_related("role_grants")
                  .order_by("department__name", "username"))
    for person in people:
        person.resettable = can_reset_password(request.user, person)
    return render(request, "accounts/users.html", {"people": people})


@zone_member_required
def reset_password(request, user_id):
    user = get_object_or_404(_zone_users(request), pk=user_id)  # another zone's user: 404
    require(can_reset_password(request.user, user),
            "领导小组办公室只能重置本开发区部门用户的密码；办公室成员的密码请联系系统管理员")
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        set_password_for(user, form.cleaned_data["new_password1"])
        messages.success(request, f"已为 {user.get_full_name() or user.username} 设置新密码，请当面或电话告知，"
                                  "并提醒其登录后在“修改密码”中改为只有自己知道的密码")
        return redirect("accounts:users")
    return render(request, "accounts/reset_password.html", {"form": form, "person": user})
