"""Deny by default: staff views declare the roles they allow."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from org.models import Region, Role, StaffRole


def roles_of(user, region: Region | None) -> set[str]:
    """The roles a user holds in a region's agencies."""
    return set(StaffRole.objects.held(user, region).values_list("role", flat=True))


def roles_required(*roles: Role) -> Callable:
    """Allow a view only to staff holding one of `roles` in the request's region.

    The roles are kept on the view as `required_roles` so a test can check that every
    staff view declares them.
    """
    if not roles:
        raise ValueError("a staff view must name at least one role")

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            held = roles_of(request.user, request.region)
            if not held & set(roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_roles = frozenset(roles)
        return wrapped

    return decorator
