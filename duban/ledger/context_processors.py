from .permissions import reads_whole_zone


def navigation(request):
    """Whether the menu shows 督办总览: the same rule the overview view enforces."""
    user = getattr(request, "user", None)
    return {"can_see_overview": bool(user and user.is_authenticated and user.zone_id and reads_whole_zone(user))}
