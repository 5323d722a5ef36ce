from .signin import SESSION_OTP_STATE


def navigation(request):
    """Role-aware flags for the header; views still check permissions themselves."""
    user = getattr(request, "user", None)
    role = getattr(user, "role", "") if user is not None and user.is_authenticated else ""
    unread = 0
    if role or (user is not None and user.is_authenticated):
        unread = user.notifications.filter(read_at__isnull=True).count()
    # A session that still owes its second factor (accounts/signin.py) sees no links it could not follow.
    session = getattr(request, "session", None)
    held = bool(role or (user is not None and user.is_authenticated)) and bool(
        session is not None and session.get(SESSION_OTP_STATE)
    )
    return {"nav_role": role, "nav_unread": unread, "nav_held": held}
