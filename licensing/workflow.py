"""The case workflow's core, shared by every licensing module: the transition table and
the one function that changes a status, row locks on a case and its task, completing a task
and opening the next stage, ending a pause of the clock, and the regions' today.

Used by `licensing.domain` (filing, review, decision), `licensing.retribusi` (SKRD and
payment) and `licensing.issuance` (signing, revocation, reminders). Each function expects
to run inside its caller's transaction.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from licensing import notify
from licensing.models import Application, CaseTask, Status, TaskStatus, at_risk_days
from licensing.signals import application_ended
from org.models import Region

# Which status may follow which; anything else is a bug, refused loudly.
TRANSITIONS: dict[str, set[str]] = {
    Status.DRAFT: {Status.SUBMITTED, Status.WITHDRAWN},
    Status.SUBMITTED: {Status.IN_REVIEW, Status.RETURNED, Status.WITHDRAWN},
    Status.RETURNED: {Status.SUBMITTED, Status.CANCELLED, Status.WITHDRAWN},
    Status.IN_REVIEW: {Status.APPROVED, Status.REJECTED, Status.WITHDRAWN},
    Status.APPROVED: {Status.AWAITING_PAYMENT, Status.ISSUED},
    Status.AWAITING_PAYMENT: {Status.PAID, Status.CANCELLED},  # SKRD cancelled
    Status.PAID: {Status.ISSUED},
}


class ActionRefusedError(ValidationError):
    """The action does not apply now (someone else acted first, wrong role, wrong state)."""


# A case that ends this way asks its applicant for a satisfaction survey (SKM).
SURVEY_AFTER = (Status.ISSUED, Status.REJECTED, Status.CANCELLED)


def application_move(
    application: Application,
    to: str,
    *,
    actor,
    reason="",
    client_address=None,
    what="",
    also: list[str] | None = None,
):
    """The one place a status changes: checked, audited, and told to the applicant."""
    before = application.status
    if to not in TRANSITIONS.get(before, set()):
        raise ActionRefusedError(
            _("This application is %(status)s; that action no longer applies.")
            % {"status": application.get_status_display().lower()}
        )
    application.status = to
    application.save(update_fields=["status", *(also or [])])
    event = audit_record(
        actor=actor,
        object_type="licensing.application",
        object_id=application.pk,
        action=f"status:{to}",
        from_state=before,
        to_state=to,
        reason=reason,
        client_address=client_address,
    )
    notify.status_changed(
        application, event_id=event.pk, what=what or application.get_status_display()
    )
    if to in SURVEY_AFTER:
        # feedback (which builds on licensing) sends the applicant's survey link.
        application_ended.send(sender=Application, application=application)
    return event


def application_lock(application: Application) -> Application:
    """The case's row, locked until the caller's transaction ends, re-read with its region,
    service, person and owner."""
    # Only the application's own row: FOR UPDATE would otherwise also lock the joined region,
    # service and person rows, and every submission in the region would wait on the others.
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("region", "service_version__service", "person", "owner")
        .get(pk=application.pk)
    )


def task_lock(task: CaseTask, *, actor, roles: set[str]) -> CaseTask:
    """Lock the case, then the task; refuse if someone acted first or the actor may not.
    The task comes back with the locked case (and its region, service, person) attached."""
    application = application_lock(task.application)
    task = CaseTask.objects.select_for_update(of=("self",)).select_related("agency").get(pk=task.pk)
    task.application = application
    if task.status != TaskStatus.OPEN:
        who = task.completed_by.get_username() if task.completed_by_id else _("someone else")
        raise ActionRefusedError(
            _("This task was already handled by %(who)s; reload the page to see what changed.")
            % {"who": who}
        )
    if task.role not in roles or not task_actor_allowed(task, actor):
        raise ActionRefusedError(_("You do not hold the role this task needs."))
    return task


def task_actor_allowed(task: CaseTask, user, *, roles=None) -> bool:
    """Whether the user holds the task's role (or one of `roles`) in the task's agency.

    The one rule of who acts on a task: the domain refuses others with it and the case page
    asks it (through access.rules) which buttons to show."""
    from org.models import StaffRole

    return StaffRole.objects.filter(
        user=user, agency_id=task.agency_id, role__in=roles or [task.role], active=True
    ).exists()


def task_complete(task, *, actor, outcome, note="", client_address=None, open_next=True):
    """Mark a task done with its outcome (audited); when it was the last open task of its
    stage, open the next stage (unless `open_next` is off: the caller decides)."""
    task.status = TaskStatus.DONE
    task.outcome = outcome
    task.note = note
    task.completed_at = timezone.now()
    task.completed_by = actor if getattr(actor, "pk", None) else None
    task.save(update_fields=["status", "outcome", "note", "completed_at", "completed_by"])
    audit_record(
        actor=actor,
        object_type="licensing.application",
        object_id=task.application_id,
        action=f"task:{outcome}",
        reason=note,
        client_address=client_address,
        data={"task": task.pk, "stage": task.stage, "agency": task.agency.short_name},
    )
    still_open = task.application.tasks.filter(stage=task.stage, status=TaskStatus.OPEN).exists()
    if open_next and not still_open:
        stage_open(task.application, task.stage + 1, task.application.region.today())


def stage_open(
    application: Application, stage: int, today: datetime.date, *, notify_officers: bool = True
) -> list[CaseTask]:
    """Start the clocks of a stage's waiting tasks today and tell their officers."""
    opened = tasks_start(
        application.tasks.filter(stage=stage, status=TaskStatus.WAITING),
        today,
        application.region.calendar(),
    )
    for task in opened:
        task.save(update_fields=["status", "started_on", "due_on", "at_risk_on"])
        if notify_officers:
            notify.task_opened(task)
    return opened


def tasks_start(tasks, today: datetime.date, calendar) -> list[CaseTask]:
    """Start the tasks' clocks today (not saved)."""
    opened = list(tasks)
    for task in opened:
        task.status = TaskStatus.OPEN
        task.started_on = today
        task.due_on = calendar.add_working_days(today, task.budget_days)
        task.at_risk_on = calendar.add_working_days(today, at_risk_days(task.budget_days))
    return opened


def pause_end(application: Application) -> None:
    """Close an open pause and move every open due date by the working days it lasted."""
    pause = application.pauses.filter(ended_on__isnull=True).first()
    if pause is None:
        return
    today = application.region.today()
    calendar = application.region.calendar()
    pause.ended_on = today
    pause.working_days = calendar.working_days_between(pause.started_on, today)
    pause.save(update_fields=["ended_on", "working_days"])
    if pause.working_days:
        for task in application.tasks.filter(status__in=[TaskStatus.OPEN, TaskStatus.PAUSED]):
            task.due_on = calendar.add_working_days(task.due_on, pause.working_days)
            task.at_risk_on = calendar.add_working_days(task.at_risk_on, pause.working_days)
            task.save(update_fields=["due_on", "at_risk_on"])
        application.due_on = calendar.add_working_days(application.due_on, pause.working_days)
    application.correction_due_on = None
    application.save(update_fields=["due_on", "correction_due_on"])


def tasks_close(application: Application) -> None:
    """Close every task of the case still open, waiting or paused (the case is ending)."""
    application.tasks.filter(
        status__in=[TaskStatus.OPEN, TaskStatus.WAITING, TaskStatus.PAUSED]
    ).update(status=TaskStatus.CLOSED)


def application_end(
    application: Application, to: str, *, actor, reason="", client_address=None, what=""
):
    """End a case before its decision (withdrawn, cancelled): its pause ended, its open
    tasks closed, then moved like any change of status (`application_move`)."""
    pause_end(application)
    tasks_close(application)
    return application_move(
        application, to, actor=actor, reason=reason, client_address=client_address, what=what
    )


def regions_today(today: datetime.date | None):
    """Each region with its own today (its zone), or the given day for all (tests, replays)."""
    for region in Region.objects.all():
        yield region, today or region.today()
