"""A case's history in words: its audit events (the case's, its SKRD's and its permit's),
each written as one sentence with the labels of states and task outcomes."""

import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from catalog.models import DeemedApproval
from core.formatting import long_date
from core.models import AuditEvent
from licensing.models import Application, Bill, Outcome, Permit, Status

# What the applicant reads of the history: the status of the case, its SKRD and its permit,
# each already told to them in a message. Task notes and inspections stay with the staff.
APPLICANT_ACTIONS = Q(action__startswith="status:") | Q(
    action__in=["bill_cancelled", "permit_revoked", "permit_superseded"]
)


def case_events(application: Application, *, for_applicant: bool = False):
    """The audit events of a case, oldest first; the staff's own page views left out."""
    objects = Q(object_type="licensing.application", object_id=str(application.pk))
    bill = Bill.objects.filter(application=application).values_list("pk", flat=True).first()
    if bill is not None:
        objects |= Q(object_type="licensing.bill", object_id=str(bill))
    permit = Permit.objects.filter(application=application).values_list("pk", flat=True).first()
    if permit is not None:
        objects |= Q(object_type="licensing.permit", object_id=str(permit))
    events = AuditEvent.objects.filter(objects).exclude(action="viewed").order_by("pk")
    return events.filter(APPLICANT_ACTIONS) if for_applicant else events


def case_history(application: Application, *, for_applicant: bool = False) -> list[tuple]:
    """(event, sentence) for each event of the case, oldest first."""
    return [
        (event, event_sentence(event))
        for event in case_events(application, for_applicant=for_applicant)
    ]


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def event_sentence(event: AuditEvent) -> str:
    """One audit event of a case as a sentence, with its reason or note after it."""
    action, data, reason = event.action, event.data or {}, event.reason
    if action.startswith("status:"):
        after = _label(Status, event.to_state or action.removeprefix("status:")).lower()
        if event.from_state:
            sentence = _("Status changed from %(before)s to %(after)s.") % {
                "before": _label(Status, event.from_state).lower(),
                "after": after,
            }
        else:
            sentence = _("Status changed to %(after)s.") % {"after": after}
    elif action.startswith("task:"):
        sentence = _("Stage %(stage)s task at %(agency)s completed: %(outcome)s.") % {
            "stage": data.get("stage", "?"),
            "agency": data.get("agency", "?"),
            "outcome": _label(Outcome, action.removeprefix("task:")),
        }
    elif action == "inspection_requested":
        sentence = _("A field inspection was requested.")
    elif action == "inspection_filed":
        try:
            day = long_date(datetime.date.fromisoformat(data.get("inspected_on", "")))
        except ValueError:
            day = "?"
        sentence = _("The field inspection report (BAP) was filed, inspection of %(date)s.") % {
            "date": day
        }
    elif action == "deemed_approval":
        sentence = _("The decision deadline passed (fiktif positif): %(mode)s.") % {
            "mode": _label(DeemedApproval, reason).lower()
        }
        reason = ""  # the mode, already said
    elif action == "permit_revoked":
        sentence = _("Permit %(number)s was revoked.") % {"number": data.get("number", "")}
    elif action == "permit_superseded":
        sentence = _("Permit %(number)s was replaced by permit %(by)s.") % {
            "number": data.get("number", ""),
            "by": data.get("by", ""),
        }
        reason = ""  # says the same
    elif action == "bill_cancelled":
        sentence = _("SKRD %(number)s was cancelled.") % {"number": data.get("number", "")}
    else:
        sentence = _("Recorded: %(action)s.") % {"action": action}
    if reason:
        sentence += " " + _("Note: %(text)s") % {"text": reason}
    return sentence
