def navigation(request):
    """Role-aware flags for the header; views still check permissions themselves."""
    user = getattr(request, "user", None)
    role = getattr(user, "role", "") if user is not None and user.is_authenticated else ""
    unread = 0
    if role or (user is not None and user.is_authenticated):
        unread = user.notifications.filter(read_at__isnull=True).count()
    return {"nav_role": role, "nav_unread": unread}
