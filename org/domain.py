"""Workflows on the organisation: granting staff roles."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from org.models import Agency, Role, StaffRole

REGION_ADMIN_GROUP = "Admin daerah"


def region_admin_group() -> Group:
    """The group whose permissions let a region admin edit the org and catalog screens."""
    group, created = Group.objects.get_or_create(name=REGION_ADMIN_GROUP)
    if created:
        group.permissions.set(
            Permission.objects.filter(content_type__app_label__in=["org", "catalog"])
        )
    return group


@transaction.atomic
def staff_role_grant(
    *, user, agency: Agency, role: Role | str, position: str = "", nip: str = ""
) -> StaffRole:
    """Give a user a role in an agency (again: updates position and NIP, reactivates)."""
    staff_role, _created = StaffRole.objects.update_or_create(
        user=user,
        agency=agency,
        role=role,
        defaults={"position": position, "nip": nip, "active": True},
    )
    staff_role.full_clean()
    if role == Role.REGION_ADMIN:
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(region_admin_group())
    return staff_role
