"""Staff pages. Every view declares the roles it allows (org.access.roles_required)."""

from django.shortcuts import render

from org.access import roles_required
from org.models import Role, StaffRole


@roles_required(*Role.values)
def home(request):
    """The staff start page: my roles, by agency, and where each one's work lives."""
    roles = StaffRole.objects.for_user(request.user).filter(agency__region=request.region)
    return render(request, "backoffice/home.html", {"staff_roles": roles})
