"""Complaint workflows (SP4N-LAPOR! rules): filing with a tracking number and a secret,
verification by the region's complaint admin within 3 working days, routing to an agency
with a resolution tier, the agency liaison's follow-up plan and resolution, the
complainant's rating, and escalation of what is overdue. Every step is a transition that
records who did it and why."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import numbers
from core.audit import audit_record
from core.formatting import long_date
from core.messaging import outbox_queue
from core.models import Medium
from core.uploads import check_upload
from feedback.models import (
    TIER_DAYS,
    VERIFICATION_DAYS,
    Complaint,
    ComplaintAttachment,
    ComplaintEvent,
    ComplaintSource,
    ComplaintStatus,
)
from licensing.models import ENDED_STATUSES
from org.identity import normalize_phone
from org.models import Role, StaffRole

S = ComplaintStatus
TRANSITIONS = {
    S.RECEIVED: {S.ROUTED, S.POSTPONED, S.NOT_AUTHORITY, S.ARCHIVED},
    # Back to RECEIVED with the complainant's information (complaint_add_information).
    S.POSTPONED: {S.ROUTED, S.NOT_AUTHORITY, S.ARCHIVED, S.RECEIVED},
    S.ROUTED: {S.FOLLOW_UP, S.RECEIVED},  # back to the admin when routed to the wrong agency
    S.FOLLOW_UP: {S.RESOLVED},
}
FILING_WINDOW_DAYS = 30  # UU 25/2009 Pasal 42
MAX_ATTACHMENTS = 3


class ComplaintRefusedError(ValidationError):
    pass


# No 0/O, 1/I/L: read off a phone screen and typed again without mistakes.
SECRET_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # noqa: S105 - an alphabet, not a secret


def _secret() -> str:
    """Twelve characters in three groups (XXXX-XXXX-XXXX): about 59 bits."""
    text = "".join(secrets.choice(SECRET_ALPHABET) for _ in range(12))
    return "-".join(text[i : i + 4] for i in range(0, 12, 4))


def _digest(number: str, secret: str) -> str:
    # Case and separators do not matter when the secret is typed back.
    canonical = "".join(ch for ch in secret.upper() if ch.isalnum())
    return hashlib.sha256(f"{number}:{canonical}".encode()).hexdigest()


@transaction.atomic
def complaint_file(
    *,
    region,
    classification: str,
    title: str,
    what_happened: str,
    remedy_wanted: str = "",
    service=None,
    application=None,
    anonymous: bool = False,
    confidential: bool = False,
    user=None,
    name: str = "",
    email: str = "",
    phone: str = "",
    attachments=(),
    source: str = ComplaintSource.WEB,
    address: str = "",
    lat=None,
    long=None,
) -> tuple[Complaint, str]:
    """File a complaint; returns it with the secret that, with its number, follows it.
    Anonymous: no identity is kept at all. All or nothing: a refused attachment saves
    nothing."""
    title, what_happened, remedy_wanted, name, email, phone = (
        text.replace("\x00", "")
        for text in (title, what_happened, remedy_wanted, name, email, phone)
    )  # PostgreSQL stores no NUL character
    title, what_happened = " ".join(title.split())[:200], what_happened.strip()
    if not title or not what_happened:
        raise ComplaintRefusedError(_("Write a subject and what happened."))
    if anonymous:
        user, name, email, phone = None, "", "", ""
    elif not name.strip() or not (email.strip() or phone.strip()):
        raise ComplaintRefusedError(
            _("Write your name and an e-mail or phone number, or file anonymously.")
        )
    if email.strip():
        try:
            validate_email(email.strip())
            if len(email.strip()) > Complaint._meta.get_field("email").max_length:
                raise ValidationError(email)
        except ValidationError:
            raise ComplaintRefusedError(_("The e-mail address is not valid.")) from None
    if phone.strip():
        try:
            phone = normalize_phone(phone)  # stored as +62…, so WhatsApp can reach it
        except ValidationError as error:
            raise ComplaintRefusedError(error.messages) from None
    if application is not None and anonymous:
        raise ComplaintRefusedError(
            _("An anonymous report cannot name your application: it would tell who you are.")
        )
    if application is not None:
        if user is None or application.owner_id != getattr(user, "pk", None):
            raise ComplaintRefusedError(_("Only your own applications can be chosen."))
        service = application.service_version.service
    if len(attachments) > MAX_ATTACHMENTS:
        raise ComplaintRefusedError(
            _("At most %(count)s attachments.") % {"count": MAX_ATTACHMENTS}
        )
    checked = [(upload, check_upload(upload)) for upload in attachments]  # before saving
    today = region.today()
    late = bool(
        application is not None
        and application.status in ENDED_STATUSES
        and application.decided_at is not None
        and (today - timezone.localtime(application.decided_at).date()).days > FILING_WINDOW_DAYS
    )
    sequence = numbers.next_value(scope=f"complaint:{region.pk}", year=today.year)
    # The region's code keeps numbers unique when one server serves several regions.
    number = f"ADU-{region.code.replace('.', '')}-{today.year}-{sequence:05d}"
    secret = _secret()
    complaint = Complaint.objects.create(
        region=region,
        number=number,
        secret_digest=_digest(number, secret),
        classification=classification,
        service=service,
        application=application,
        title=title,
        what_happened=what_happened,
        remedy_wanted=remedy_wanted.strip(),
        anonymous=anonymous,
        confidential=confidential,
        user=user if getattr(user, "pk", None) else None,
        name=name.strip()[:200],
        email=email.strip(),
        phone=phone.strip()[:30],
        received_on=today,
        verification_due_on=region.calendar().add_working_days(today, VERIFICATION_DAYS),
        late_filing=late,
        source=source,
        address=address[:300],
        lat=lat,
        long=long,
    )
    for upload, info in checked:
        upload.seek(0)
        ComplaintAttachment.objects.create(
            complaint=complaint,
            file=ContentFile(upload.read(), name=info.safe_name),
            name=info.safe_name,
            content_type=info.content_type,
            size=info.size,
            sha256=info.sha256,
        )
    ComplaintEvent.objects.create(complaint=complaint, status=S.RECEIVED, public=True)
    audit_record(
        actor=complaint.user,
        object_type="feedback.complaint",
        object_id=complaint.pk,
        action="filed",
        to_state=S.RECEIVED,
        reason=source,
    )
    _tell_admins(complaint, key="received", subject=gettext_lazy("New complaint %(number)s"))
    _tell_complainant(
        complaint,
        key="received",
        subject=gettext_lazy("Complaint %(number)s received"),
        body=gettext_lazy(
            "We received your report %(number)s. It is verified within %(days)s working days; "
            "follow it at %(link)s with its number and secret."
        )
        if source == ComplaintSource.WEB
        else gettext_lazy(
            "We received your report %(number)s. It is verified within %(days)s working days; "
            "you are told at each step."
        ),
    )
    return complaint, secret


def complaint_find(*, region, number: str, secret: str) -> Complaint | None:
    complaint = Complaint.objects.filter(region=region, number=number.strip().upper()).first()
    if complaint is None or not hmac.compare_digest(
        complaint.secret_digest, _digest(complaint.number, secret.strip())
    ):
        return None
    return complaint


def _move(
    complaint: Complaint,
    to: str,
    *,
    actor,
    note: str,
    public: bool = True,
    also=(),
    audit_reason: str | None = None,
    tell: bool = True,
):
    """The one way a complaint changes status: checked against `TRANSITIONS`, told in its
    story and the audit log, and (unless `tell` is off) to the complainant. `audit_reason`,
    when given, is logged instead of the note: a complainant's own words stay out of the
    audit log, which cannot be edited."""
    before = complaint.status
    if to not in TRANSITIONS.get(before, set()):
        raise ComplaintRefusedError(
            _("This complaint is %(status)s; that action no longer applies.")
            % {"status": complaint.get_status_display().lower()}
        )
    complaint.status = to
    complaint.save(update_fields=["status", "updated_at", *also])
    ComplaintEvent.objects.create(
        complaint=complaint, actor=actor, status=to, note=note.strip(), public=public
    )
    audit_record(
        actor=actor,
        object_type="feedback.complaint",
        object_id=complaint.pk,
        action=f"status:{to}",
        from_state=before,
        to_state=to,
        reason=note if audit_reason is None else audit_reason,
    )
    if not tell:
        return
    _tell_complainant(
        complaint,
        key=f"status:{to}",
        subject=gettext_lazy("Complaint %(number)s: %(status)s"),
        body=gettext_lazy(
            "Your report %(number)s is now: %(status)s.\n%(note)s\nFollow it at %(link)s."
        ),
        note=note if public else "",
    )


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)


def complaint_role_held(
    actor, complaint: Complaint, role: str, *, own_agency: bool = False
) -> bool:
    """Whether the actor holds `role` in the complaint's region (and, with `own_agency`, in
    the agency it is routed to). The one rule of who acts on a complaint: the functions here
    refuse others with it, and the back office asks it through access.rules."""
    held = StaffRole.objects.held(actor, complaint.region).filter(role=role)
    if own_agency:
        held = held.filter(agency=complaint.agency_id)
    return held.exists()


def _require(actor, complaint: Complaint, role: str, *, own_agency: bool = False) -> None:
    if not complaint_role_held(actor, complaint, role, own_agency=own_agency):
        raise ComplaintRefusedError(_("You may not act on this complaint."))


@transaction.atomic
def complaint_route(*, complaint, actor, agency, tier: str, note: str = "") -> Complaint:
    """Verified: sent to the agency that must answer, with the tier that sets its due date."""
    complaint = _locked(complaint)
    _require(actor, complaint, Role.COMPLAINT_ADMIN)
    if agency.region_id != complaint.region_id:
        raise ComplaintRefusedError(_("The agency belongs to another region."))
    if tier not in TIER_DAYS:
        raise ComplaintRefusedError(_("Choose the tier."))
    today = complaint.region.today()
    complaint.agency, complaint.tier = agency, tier
    complaint.due_on = complaint.region.calendar().add_working_days(today, TIER_DAYS[tier])
    complaint.escalated = False  # a new deadline: flagged again only if this one passes
    _move(
        complaint, S.ROUTED, actor=actor, note=note, also=["agency", "tier", "due_on", "escalated"]
    )
    _tell_liaisons(complaint)
    return complaint


@transaction.atomic
def complaint_close_early(*, complaint, actor, to: str, note: str) -> Complaint:
    """Postpone, not our authority, or archive: each with its reason."""
    if to not in (S.POSTPONED, S.NOT_AUTHORITY, S.ARCHIVED):
        raise ComplaintRefusedError(_("Choose what to do."))
    if not note.strip():
        raise ComplaintRefusedError(_("Write the reason; the complainant reads it."))
    complaint = _locked(complaint)
    _require(actor, complaint, Role.COMPLAINT_ADMIN)
    _move(complaint, to, actor=actor, note=note)
    return complaint


@transaction.atomic
def complaint_send_back(*, complaint, actor, reason: str) -> Complaint:
    """The liaison returns a report routed to the wrong agency: it goes back to the admin,
    to be verified and routed again within 3 working days."""
    if not reason.strip():
        raise ComplaintRefusedError(_("Write why it is not for your agency."))
    complaint = _locked(complaint)
    _require(actor, complaint, Role.COMPLAINT_LIAISON, own_agency=True)
    today = complaint.region.today()
    complaint.agency, complaint.tier, complaint.due_on = None, "", None
    complaint.verification_due_on = complaint.region.calendar().add_working_days(
        today, VERIFICATION_DAYS
    )
    complaint.escalated = False
    _move(
        complaint,
        S.RECEIVED,
        actor=actor,
        note=reason,
        public=False,
        also=["agency", "tier", "due_on", "verification_due_on", "escalated"],
    )
    _tell_admins(
        complaint,
        key=f"sent-back:{timezone.now():%Y%m%d%H%M%S}",
        subject=gettext_lazy("Complaint %(number)s sent back by the agency"),
    )
    return complaint


@transaction.atomic
def complaint_follow_up(*, complaint, actor, plan: str) -> Complaint:
    """The agency liaison's plan: what the agency will do, and by when."""
    if not plan.strip():
        raise ComplaintRefusedError(_("Write the follow-up plan."))
    complaint = _locked(complaint)
    _require(actor, complaint, Role.COMPLAINT_LIAISON, own_agency=True)
    _move(complaint, S.FOLLOW_UP, actor=actor, note=plan)
    return complaint


@transaction.atomic
def complaint_resolve(*, complaint, actor, answer: str) -> Complaint:
    if not answer.strip():
        raise ComplaintRefusedError(_("Write the answer the complainant receives."))
    complaint = _locked(complaint)
    _require(actor, complaint, Role.COMPLAINT_LIAISON, own_agency=True)
    complaint.resolved_at = timezone.now()
    _move(complaint, S.RESOLVED, actor=actor, note=answer, also=["resolved_at"])
    return complaint


@transaction.atomic
def complaint_add_information(*, complaint, text: str) -> Complaint:
    """The complainant answers a postponement (or adds to a report not yet verified): the
    note goes to the admin, not to the public page; a postponed report is verified again
    within 3 working days from now."""
    text = text.replace("\x00", "").strip()[:4000]
    if not text:
        raise ComplaintRefusedError(_("Write the information."))
    complaint = _locked(complaint)
    if complaint.status not in (S.RECEIVED, S.POSTPONED):
        raise ComplaintRefusedError(
            _("This report is past verification; information is no longer added here.")
        )
    note = _("Information from the complainant: %(text)s") % {"text": text}
    if complaint.status == S.POSTPONED:
        today = complaint.region.today()
        complaint.verification_due_on = complaint.region.calendar().add_working_days(
            today, VERIFICATION_DAYS
        )
        _move(
            complaint,
            S.RECEIVED,
            actor=None,
            note=note,
            public=False,
            also=["verification_due_on"],
            audit_reason="information from the complainant",
            tell=False,  # they wrote it themselves just now
        )
    else:
        ComplaintEvent.objects.create(
            complaint=complaint, status=complaint.status, note=note, public=False
        )
    _tell_admins(
        complaint,
        key=f"information:{timezone.now():%Y%m%d%H%M%S}",
        subject=gettext_lazy("Complaint %(number)s: new information"),
    )
    return complaint


@transaction.atomic
def complaint_rate(*, complaint, rating: int, comment: str = "") -> Complaint:
    """The complainant's rating of the handling (1 to 5), once, after the resolution."""
    complaint = _locked(complaint)
    if complaint.status != S.RESOLVED:
        raise ComplaintRefusedError(_("A complaint is rated once it is resolved."))
    if complaint.rating is not None:
        raise ComplaintRefusedError(_("This complaint has been rated already."))
    if rating not in (1, 2, 3, 4, 5):
        raise ComplaintRefusedError(_("Choose 1 to 5 stars."))
    complaint.rating, complaint.rating_comment = rating, comment.strip()[:2000]
    complaint.save(update_fields=["rating", "rating_comment", "updated_at"])
    return complaint


def complaints_escalate(*, today=None) -> int:
    """Flag what is overdue (verification after 3 working days, resolution after its tier)
    and tell the region's complaint admins, once per complaint."""
    count = 0
    # Postponed ones wait for the complainant's information: their clock is stopped.
    for complaint in Complaint.objects.filter(escalated=False).exclude(
        status__in=[S.NOT_AUTHORITY, S.ARCHIVED, S.RESOLVED, S.POSTPONED]
    ):
        day = today or complaint.region.today()
        waiting = complaint.status == S.RECEIVED
        due = complaint.verification_due_on if waiting else complaint.due_on
        if due is not None and day > due:
            Complaint.objects.filter(pk=complaint.pk).update(escalated=True)
            _tell_admins(
                complaint, key="overdue", subject=gettext_lazy("Complaint %(number)s is overdue")
            )
            count += 1
    return count


# Messages --------------------------------------------------------------------------------


def _queue(complaint, *, key: str, messages: list[tuple[str, str]], subject: str, body: str):
    outbox_queue(
        messages=messages,
        subject=subject,
        body=body,
        key=f"complaint:{complaint.pk}:{key}",
        object_type="feedback.complaint",
        object_id=complaint.pk,
    )


def _link() -> str:
    return settings.SATUPINTU_BASE_URL + reverse("portal:complaint_track")


def _tell_complainant(complaint, *, key: str, subject: str, body: str, note: str = "") -> None:
    if complaint.anonymous:
        return
    with translation.override("id"):
        values = {
            "number": complaint.number,
            "status": complaint.get_status_display().lower(),
            "days": VERIFICATION_DAYS,
            "link": _link(),
            "note": note,
        }
        _queue(
            complaint,
            key=key,
            messages=[(Medium.EMAIL, complaint.email), (Medium.WHATSAPP, complaint.phone)],
            subject=str(subject) % values,
            body=str(body) % values,
        )


def _staff_emails(complaint, role: str, *, agency=None) -> list[str]:
    holders = StaffRole.objects.filter(agency__region=complaint.region, role=role, active=True)
    if agency is not None:
        holders = holders.filter(agency=agency)
    return holders.emails()


def _tell_admins(complaint, *, key: str, subject: str) -> None:
    with translation.override("id"):
        _queue(
            complaint,
            key=key,
            messages=[(Medium.EMAIL, e) for e in _staff_emails(complaint, Role.COMPLAINT_ADMIN)],
            subject=str(subject) % {"number": complaint.number},
            body=_("%(number)s: %(title)s. Open the complaints inbox to act on it.")
            % {"number": complaint.number, "title": complaint.title},
        )


def _tell_liaisons(complaint) -> None:
    emails = _staff_emails(complaint, Role.COMPLAINT_LIAISON, agency=complaint.agency)
    with translation.override("id"):
        _queue(
            complaint,
            key=f"routed:{complaint.agency_id}",
            messages=[(Medium.EMAIL, e) for e in emails],
            subject=_("Complaint %(number)s for your agency") % {"number": complaint.number},
            body=_("%(number)s: %(title)s. Post the follow-up plan and the answer by %(due)s.")
            % {
                "number": complaint.number,
                "title": complaint.title,
                "due": long_date(complaint.due_on),
            },
        )
