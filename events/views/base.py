from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from events import permissions, selectors


def conference_view(predicate: Callable = permissions.can_view_conference):
    """Load the conference named by ``slug`` and check ``predicate``.

    Unknown slugs and conferences the user may not even see give 404; a
    visible conference the user may not act on gives 403.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            conference = selectors.conference_get(slug=slug)
            if conference is None or not permissions.can_view_conference(request.user, conference):
                if conference is not None and not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise Http404
            if not predicate(request.user, conference):
                raise PermissionDenied
            return view(request, conference, *args, **kwargs)

        return wrapper

    return decorator


def site_admin_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not permissions.is_site_admin(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def apply_validation_error(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form that fed it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
