from django.utils.functional import SimpleLazyObject

from .queries import notice_warnings_for


def notice_warnings(request):
    """``workday_notice_warnings``: the office's reminders to enter next year's holiday notices.

    Lazy, so pages that do not show them (``workdays/_notice_warnings.html``) pay nothing.
    """
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and user.zone_id):
        return {"workday_notice_warnings": []}
    return {"workday_notice_warnings": SimpleLazyObject(lambda: notice_warnings_for(user))}
