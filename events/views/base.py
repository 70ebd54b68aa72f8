from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from core.viewhelpers import object_view
from events import permissions, selectors

#: ``@conference_view(predicate)``: the conference named by ``slug``, 404 for
#: those who may not see it, 403 for those who may see it but not do this.
conference_view = object_view(
    load=selectors.conference_get,
    visible=permissions.can_view_conference,
    default=permissions.can_view_conference,
)


def site_admin_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.is_site_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
