"""The user's staff roles for every template."""

from access.rules import roles_of


def staff_roles(request):
    """The roles the user holds in the served region (the menu shows the office for them)."""
    region = getattr(request, "region", None)
    user = getattr(request, "user", None)
    held = roles_of(user, region) if user is not None and user.is_authenticated else set()
    return {"staff_roles": held}
