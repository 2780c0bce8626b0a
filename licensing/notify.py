"""Messages about cases, queued in the outbox (core.Notification) and sent by the worker."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.formatting import long_date
from core.messaging import outbox_queue
from core.models import Medium
from org.models import StaffRole


def _queue(*, messages: list[tuple[str, str]], subject: str, body: str, key: str, application):
    outbox_queue(
        messages=messages,
        subject=subject,
        body=body,
        key=key,
        object_type="licensing.application",
        object_id=application.pk,
    )


def applicant(application, *, key: str, subject: str, body: str) -> None:
    """Tell the applicant, by e-mail and WhatsApp where we have them."""
    person = application.person
    _queue(
        messages=[
            (Medium.EMAIL, application.owner.email or person.email),
            (Medium.WHATSAPP, person.phone),
        ],
        subject=subject,
        body=body,
        key=key,
        application=application,
    )


def officers(task, *, key: str, subject: str, body: str, role: str | None = None) -> None:
    """Tell every active holder of the task's agency and role (or `role`), by e-mail."""
    emails = StaffRole.objects.filter(
        agency_id=task.agency_id, role=role or task.role, active=True
    ).emails()
    _queue(
        messages=[(Medium.EMAIL, email) for email in emails],
        subject=subject,
        body=body,
        key=key,
        application=task.application,
    )


def status_changed(application, *, event_id: int, what: str) -> None:
    with translation.override("id"):
        number = application.registration_number or ""
        subject = _("Application %(number)s: %(what)s") % {"number": number, "what": what}
        body = _(
            "%(service)s, registration number %(number)s: %(what)s.\n"
            "Track it any time at %(link)s with your registration number and PIN."
        ) % {
            "service": application.service_version.service.name,
            "number": number,
            "what": what,
            "link": settings.SATUPINTU_BASE_URL + reverse("portal:track"),
        }
    applicant(application, key=f"audit:{event_id}", subject=subject, body=body)


def inspection_requested(task) -> None:
    with translation.override("id"):
        subject = _("Field inspection requested: %(number)s") % {
            "number": task.application.registration_number
        }
        body = _("%(task)s for %(number)s needs a field inspection and its report (BAP).") % {
            "task": task.name,
            "number": task.application.registration_number,
        }
    officers(task, key=f"task:{task.pk}:inspection", subject=subject, body=body, role="inspector")


def task_opened(task, *, reason: str = "opened") -> None:
    with translation.override("id"):
        subject = _("New task: %(task)s (%(number)s)") % {
            "task": task.name,
            "number": task.application.registration_number,
        }
        body = _("%(task)s for %(service)s, %(number)s, is due on %(due)s.") % {
            "task": task.name,
            "service": task.application.service_version.service.name,
            "number": task.application.registration_number,
            "due": long_date(task.due_on) if task.due_on else "-",
        }
    officers(task, key=f"task:{task.pk}:{reason}:{task.started_on}", subject=subject, body=body)


def task_alert(task, *, state: str) -> None:
    with translation.override("id"):
        what = _("at risk: 80 percent of its time used") if state == "at_risk" else _("overdue")
        subject = _("Task %(state)s: %(task)s (%(number)s)") % {
            "state": what,
            "task": task.name,
            "number": task.application.registration_number,
        }
        body = _("%(task)s for %(number)s was due on %(due)s and is %(state)s.") % {
            "task": task.name,
            "number": task.application.registration_number,
            "due": long_date(task.due_on),
            "state": what,
        }
    officers(task, key=f"task:{task.pk}:{state}:{task.due_on}", subject=subject, body=body)
