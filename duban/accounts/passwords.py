"""The office setting a department user's new password: one function a test can call."""

from axes.utils import reset as reset_lockouts

from .models import User


def set_password_for(user: User, password: str) -> None:
    """Set it, and lift a login lockout of the account: the office resets a password mostly for a
    user who has locked himself out.  The change is on the audit trail (the hash never is)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    reset_lockouts(username=user.get_username())
