from .permissions import can_see_dashboard


def navigation(request):
    """Whether the menu shows 领导驾驶舱: the same rule the view enforces."""
    user = getattr(request, "user", None)
    return {"can_see_dashboard": bool(user and can_see_dashboard(user))}
