from events import permissions


def navigation(request):
    user = getattr(request, "user", None)
    return {"is_site_admin": bool(user and permissions.is_site_admin(user))}
