"""Who may see what and who may act: the predicates every interface asks.

Cases and their files follow one database rule, `Application.objects.visible_to_staff` over
`CaseTask.objects.worked_by` (ADR 0027), kept on the models' QuerySets; this module calls
it. The role sets `CASE_ROLES` and `CASE_READERS` live beside `Role` in `org.models`
(licensing's QuerySet needs them). Rules that a domain function also enforces live in that
domain module and are imported here, each marked where it comes from.
"""

from django.db.models import QuerySet

from feedback.complaints import complaint_role_held  # feedback refuses other actors with it
from feedback.models import Complaint, ComplaintAttachment, ComplaintStatus
from licensing.issuance import revokes_permits  # permit_revoke refuses others with it
from licensing.models import (
    Application,
    Bill,
    BillStatus,
    CaseTask,
    Document,
    Inspection,
    Permit,
    TaskStatus,
)
from licensing.retribusi import confirms_payments  # payment_confirm refuses others with it
from licensing.workflow import task_actor_allowed  # every task action refuses others with it
from org.models import Region, Role, StaffRole, held_roles

# Roles ------------------------------------------------------------------------------------


def roles_of(user, region: Region | None) -> set[str]:
    """The roles a user holds in a region's agencies."""
    return {staff_role.role for staff_role in held_roles(user, region)}


def administered_regions(user) -> QuerySet[Region]:
    """The regions whose configuration screens (the Django admin) the user may use. The
    rule is `RegionQuerySet.administered_by`, which the admin (in org) calls itself."""
    return Region.objects.administered_by(user)


# Cases and their files -----------------------------------------------------------------


def staff_cases(user, region: Region) -> QuerySet[Application]:
    """The cases a staff member opens: through a task of their agency and role (ADR 0027)."""
    return Application.objects.visible_to_staff(user, region)


def case_visible(application: Application, user, region) -> bool:
    """The applicant's own case, or one the user works on (ApplicationQuerySet.visible_to)."""
    return Application.objects.visible_to(user, region).filter(pk=application.pk).exists()


def inspection_photo_visible(document: Document, user, region) -> bool:
    """A photo of a field inspection (BAP) of a case the user works on."""
    return Inspection.objects.filter(
        photos=document, task__application__in=staff_cases(user, region)
    ).exists()


def document_visible(document: Document, user, region) -> bool:
    """The owner's document, or one attached to (or photographed in) a case the user works on."""
    if user.is_authenticated and document.owner_id == user.pk:
        return True
    cases = staff_cases(user, region)
    return cases.filter(documents__document=document).exists() or inspection_photo_visible(
        document, user, region
    )


def permit_visible(permit: Permit, user, region) -> bool:
    """A permit's PDF: to its holder and to staff on its case."""
    return case_visible(permit.application, user, region)


def bill_visible(bill: Bill, user, region) -> bool:
    """An SKRD's PDF: to the applicant and to staff on its case."""
    return case_visible(bill.application, user, region)


def tasks_to_act_on(user, application: Application) -> list[CaseTask]:
    """The case's open tasks the user works on, each marked `can_act` when they hold its
    role; a reviewer's task is the inspector's too (to file the BAP), without `can_act`."""
    mine = []
    for task in application.tasks.filter(status=TaskStatus.OPEN).select_related("agency"):
        task.can_act = task_actor_allowed(task, user)  # reviewer buttons for reviewers only
        if task.can_act or (
            task.role == Role.TECHNICAL_REVIEWER
            and task_actor_allowed(task, user, roles=[Role.INSPECTOR])
        ):
            mine.append(task)
    return mine


def may_confirm_payment(user, region) -> bool:
    return confirms_payments(user, region)


def may_revoke_permit(user, region) -> bool:
    return revokes_permits(user, region)


def unpaid_bills(user, region: Region) -> QuerySet[Bill]:
    """The SKRD waiting for payment on the cases a treasurer works on: those whose SKRD task
    is their agency's (the same rule as the case page, ADR 0027)."""
    return Bill.objects.filter(
        region=region, status=BillStatus.UNPAID, application__in=staff_cases(user, region)
    )


# Complaints at the office ----------------------------------------------------------------


def staff_complaints(user, region: Region) -> QuerySet[Complaint]:
    """Every complaint of the region for its complaint admins; for liaisons, the ones routed
    to their agencies (a report not verified yet is the admin's alone)."""
    found = Complaint.objects.filter(region=region)
    if Role.COMPLAINT_ADMIN in roles_of(user, region):
        return found
    agencies = StaffRole.objects.held(user, region).filter(role=Role.COMPLAINT_LIAISON)
    return found.filter(agency__in=agencies.values("agency")).exclude(
        status__in=[ComplaintStatus.RECEIVED, ComplaintStatus.POSTPONED]
    )


def complaint_attachment_visible(attachment: ComplaintAttachment, user, region) -> bool:
    """An attachment of a complaint the staff member sees."""
    return staff_complaints(user, region).filter(pk=attachment.complaint_id).exists()


def may_route_complaint(user, complaint: Complaint) -> bool:
    """The region's complaint admin verifies, routes and closes early."""
    return complaint_role_held(user, complaint, Role.COMPLAINT_ADMIN)


def may_answer_complaint(user, complaint: Complaint) -> bool:
    """A liaison of the agency it is routed to sends it back, plans and answers."""
    return complaint_role_held(user, complaint, Role.COMPLAINT_LIAISON, own_agency=True)


def complainant_identity_visible(complaint: Complaint, user) -> bool:
    """Who filed it: never for an anonymous report (none is kept); a confidential
    complainant's only to the complaint admin, never to the agency."""
    if complaint.anonymous:
        return False
    return not complaint.confidential or may_route_complaint(user, complaint)


# Planning -------------------------------------------------------------------------------


def planning_may_edit(user, region: Region | None) -> bool:
    """Planners edit sets, scenarios and imports; leadership only reads."""
    return Role.PLANNER in roles_of(user, region)
