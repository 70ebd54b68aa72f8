from events import permissions
from events.names import account_label


def navigation(request):
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    return {
        "is_site_admin": bool(user and permissions.is_site_admin(user)),
        "account_label": account_label(user.name or user.email) if authenticated else "",
    }
