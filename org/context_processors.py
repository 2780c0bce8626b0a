"""The served region for every template."""

from org.access import roles_of


def region(request):
    """The served region, and whether the user holds a staff role in it (for the menu)."""
    region = getattr(request, "region", None)
    user = getattr(request, "user", None)
    staff_roles = roles_of(user, region) if user is not None and user.is_authenticated else set()
    return {"region": region, "staff_roles": staff_roles}
