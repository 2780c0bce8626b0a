"""Deny by default: staff views declare the roles they allow."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from access.rules import roles_of
from org.models import Role
from org.second_factor import second_factor_redirect


def roles_required(*roles: Role, ask_second_factor: bool = True) -> Callable:
    """Allow a view only to staff holding one of `roles` in the request's region.

    The roles are kept on the view as `required_roles` so a test can check that every
    staff view declares them. Staff whose role needs a second factor in this region (or who
    set one up) go to it first; only its own pages pass `ask_second_factor=False`.
    """
    if not roles:
        raise ValueError("a staff view must name at least one role")

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            held = roles_of(request.user, request.region)
            # Before the role check: a half-signed-in session learns nothing of the page.
            if ask_second_factor and held:
                target = second_factor_redirect(request, held)
                if target is not None:
                    return redirect(target)
            if not held & set(roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_roles = frozenset(roles)
        return wrapped

    return decorator
