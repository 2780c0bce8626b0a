"""Issuing permits: number, PDF, PAdES signature; verification and revocation."""

import calendar as month_calendar
import datetime
import hashlib
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from catalog.models import PERMIT_NUMBER_PATTERN
from core import numbers, signing
from core.audit import audit_record
from core.files import file_written, files_atomic
from core.formatting import long_date
from licensing import notify, permit_pdf
from licensing.models import (
    Application,
    ApplicationDocument,
    Outcome,
    Permit,
    Purpose,
    Status,
)
from licensing.workflow import (
    ActionRefusedError,
    application_move,
    regions_today,
    task_complete,
    task_lock,
)
from org.models import CredentialKind, Role, SigningCredential, StaffRole


def permit_issue(*, task, actor, passphrase: str, client_address=None) -> Permit:
    """The signing official signs: the permit gets its number, PDF and signature at once.

    Any failure (a wrong passphrase, an expired certificate) leaves the case approved and
    unsigned, takes no number and stores nothing.
    """
    try:
        return _permit_issue(
            task=task, actor=actor, passphrase=passphrase, client_address=client_address
        )
    except signing.SigningError as error:
        raise ActionRefusedError(str(error)) from None


@files_atomic()
def _permit_issue(*, task, actor, passphrase, client_address) -> Permit:
    task = task_lock(task, actor=actor, roles={Role.SIGNING_OFFICIAL})
    application = task.application  # locked with the task
    if application.status not in (Status.APPROVED, Status.PAID):
        raise ActionRefusedError(
            _("This permit cannot be signed now: the application is %(status)s.")
            % {"status": application.get_status_display().lower()}
        )
    credential = SigningCredential.objects.filter(
        user=actor, region=application.region, active=True
    ).first()
    if credential is None:
        raise ActionRefusedError(
            _("You have no signing certificate yet; ask the region administrator for one.")
        )
    if not passphrase:
        raise ActionRefusedError(_("Type your signing passphrase."))
    signer_role = StaffRole.objects.filter(
        user=actor, agency_id=task.agency_id, role=Role.SIGNING_OFFICIAL, active=True
    ).first()
    region = application.region
    version = application.service_version
    service = version.service
    today = region.today()
    start = today
    predecessor = application.predecessor
    if (
        application.purpose == Purpose.RENEWAL
        and predecessor is not None
        and predecessor.valid_until is not None
        and predecessor.valid_until >= today
    ):
        start = predecessor.valid_until + datetime.timedelta(days=1)  # validity runs on
    permit = Permit(
        application=application,
        region=region,
        title=version.permit_title or service.name,
        holder_name=application.applicant_name,
        valid_from=start,
        valid_until=_add_months(start, version.validity_months)
        if version.validity_months
        else None,
        signed_by=actor,
        signer_name=actor.get_full_name() or credential.common_name,
        signer_position=signer_role.position if signer_role else "",
        signer_nip=signer_role.nip if signer_role else "",
        issued_at=timezone.now(),
    )
    sequence = numbers.next_value(scope=f"permit:{region.code}:{service.code}", year=today.year)
    permit.number = numbers.format_number(
        version.permit_number_pattern or PERMIT_NUMBER_PATTERN,
        seq=sequence,
        year=today.year,
        region=region.code,
        service=service.code,
    )
    unsigned = permit_pdf.render(_page(permit, application))
    how = {
        "box": permit_pdf.SIGNATURE_BOX,
        "stamp_text": _("Signed electronically by\n%(name)s") % {"name": permit.signer_name},
        "reason": f"{permit.title} {permit.number}",
        "location": region.name,
    }
    if credential.kind == CredentialKind.PKCS11:
        signed = signing.pdf_sign_pkcs11(
            unsigned,
            library=settings.SATUPINTU_PKCS11_LIBRARY,
            token_label=credential.token_label,
            key_label=credential.key_label,
            certificate_pem=credential.certificate_pem,
            pin=passphrase,
            **how,
        )
    else:
        signed = signing.pdf_sign(unsigned, p12=bytes(credential.p12), passphrase=passphrase, **how)
    permit.sha256 = hashlib.sha256(signed).hexdigest()
    permit.pdf.save(f"{permit.code}.pdf", ContentFile(signed), save=False)
    file_written(permit.pdf)  # written before its row: removed if the row is never committed
    permit.save()
    task_complete(task, actor=actor, outcome=Outcome.SIGNED, note=permit.number, open_next=False)
    if application.purpose == Purpose.AMENDMENT and predecessor is not None:
        _supersede(predecessor, by=permit, actor=actor)
    application_move(
        application,
        Status.ISSUED,
        actor=actor,
        client_address=client_address,
        what=_("issued: %(title)s number %(number)s")
        % {"title": permit.title, "number": permit.number},
    )
    return permit


def revokes_permits(user, region) -> bool:
    """Whether the user may revoke the region's permits: one of its signing officials. The
    case page asks it too (through access.rules) before offering the form."""
    return StaffRole.objects.held(user, region).filter(role=Role.SIGNING_OFFICIAL).exists()


@transaction.atomic
def permit_revoke(*, permit: Permit, actor, reason: str, client_address=None) -> Permit:
    """Pencabutan by a signing official of the region, with a reason; shown at once."""
    permit = Permit.objects.select_for_update().select_related("application").get(pk=permit.pk)
    if not revokes_permits(actor, permit.region):
        raise ActionRefusedError(_("Only a signing official may revoke a permit."))
    if permit.revoked_at is not None:
        raise ActionRefusedError(_("This permit was already revoked."))
    if not reason.strip():
        raise ValidationError(_("A revocation needs a reason."))
    permit.revoked_at = timezone.now()
    permit.revoked_by = actor
    permit.revocation_reason = reason.strip()
    permit.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    audit_record(
        actor=actor,
        object_type="licensing.permit",
        object_id=permit.pk,
        action="permit_revoked",
        reason=permit.revocation_reason,
        client_address=client_address,
        data={"number": permit.number},
    )
    notify.status_changed(
        permit.application,
        event_id=f"revoke-{permit.pk}",
        what=_("permit %(number)s revoked: %(reason)s")
        % {"number": permit.number, "reason": permit.revocation_reason},
    )
    return permit


def _supersede(old: Permit, *, by: Permit, actor) -> None:
    """An amended permit replaces the old one, which the verification page then shows."""
    old = Permit.objects.select_for_update().get(pk=old.pk)
    if old.revoked_at is not None:
        return
    with translation.override("id"):
        old.revocation_reason = _("Replaced by permit %(number)s (amendment).") % {
            "number": by.number
        }
    old.revoked_at = timezone.now()
    old.revoked_by = actor
    old.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    audit_record(
        actor=actor,
        object_type="licensing.permit",
        object_id=old.pk,
        action="permit_superseded",
        reason=old.revocation_reason,
        data={"number": old.number, "by": by.number},
    )


def verification_url(permit: Permit) -> str:
    return settings.SATUPINTU_BASE_URL + reverse("portal:verify", args=[permit.code])


def trust_roots() -> list[bytes]:
    """The certificates a permit's signature must chain to (PEM files from the settings)."""
    return [
        Path(path).read_bytes() for path in settings.SATUPINTU_TRUST_ROOTS if Path(path).exists()
    ]


def permit_check(permit: Permit, pdf: bytes) -> tuple[signing.SignatureCheck, bool]:
    """Whether an uploaded PDF's signature holds, and whether it is exactly the issued file."""
    return (
        signing.pdf_check(pdf, trust_roots=trust_roots()),
        hashlib.sha256(pdf).hexdigest() == permit.sha256,
    )


def _page(permit: Permit, application: Application) -> permit_pdf.PermitPage:
    region = application.region
    if application.business_id:
        business = application.business
        holder = [
            ("Nama usaha", business.name),
            ("NIB", business.nib or "-"),
            ("Penanggung jawab", application.person.name),
            ("Alamat", business.address or "-"),
        ]
    else:
        person = application.person
        holder = [("Nama", person.name), ("NIK", person.nik), ("Alamat", person.address)]
    details = [("Jenis layanan", application.service_version.service.name)]
    details += [
        (label, str(value))
        for label, value in application.service_version.answers(application.form_data)
        if value not in ("", None)
    ]
    details.append(("Nomor pendaftaran", application.registration_number or "-"))
    if application.predecessor_id:
        label = (
            "Perpanjangan dari izin"
            if application.purpose == Purpose.RENEWAL
            else "Perubahan atas izin"
        )
        details.append((label, application.predecessor.number))
    validity = (
        f"{long_date(permit.valid_from)} sampai dengan {long_date(permit.valid_until)}"
        if permit.valid_until
        else f"Sejak {long_date(permit.valid_from)}, tanpa batas waktu"
    )
    place = region.name.replace(" (Demo)", "")
    return permit_pdf.PermitPage(
        kop_lines=region.kop or [region.name],
        title=permit.title,
        number=permit.number,
        holder_lines=holder,
        details=details,
        conditions=[
            line.strip()
            for line in application.service_version.permit_conditions.splitlines()
            if line.strip()
        ],
        validity=validity,
        place_and_date=f"{place}, {long_date(permit.valid_from)}",
        signer_position=permit.signer_position,
        signer_name=permit.signer_name,
        signer_nip=permit.signer_nip,
        verification_url=verification_url(permit),
        logo_path=region.logo.path if region.logo else None,
    )


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it is shorter), minus one:
    a permit valid 12 months from 28 Nov 2026 is valid until 27 Nov 2027."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    last = month_calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last)) - datetime.timedelta(days=1)


def permit_expiry_reminders(today: datetime.date | None = None) -> int:
    """Tell holders before their permits expire (SATUPINTU_EXPIRY_REMINDER_DAYS, e.g. 30
    and 7 days), each reminder once. A permit first seen with 5 days left gets only the
    7-day reminder. Returns how many permits were reminded."""
    thresholds = sorted(settings.SATUPINTU_EXPIRY_REMINDER_DAYS)
    if not thresholds:
        return 0
    reminded = 0
    for region, day in regions_today(today):
        permits = (
            Permit.objects.filter(
                region=region,
                revoked_at__isnull=True,
                valid_until__gte=day,
                valid_until__lte=day + datetime.timedelta(days=thresholds[-1]),
            )
            # Already renewed: the holder has nothing left to do.
            .exclude(successors__purpose=Purpose.RENEWAL, successors__status=Status.ISSUED)
            .select_related("application__person", "application__owner")
        )
        for permit in permits:
            left = (permit.valid_until - day).days
            threshold = next(t for t in thresholds if t >= left)
            with translation.override("id"):
                subject = _("Permit %(number)s expires on %(date)s") % {
                    "number": permit.number,
                    "date": long_date(permit.valid_until),
                }
                body = _(
                    "%(title)s number %(number)s is valid until %(date)s (%(days)s days "
                    "from today). Apply for its renewal (perpanjangan) in time at %(link)s."
                ) % {
                    "title": permit.title,
                    "number": permit.number,
                    "date": long_date(permit.valid_until),
                    "days": left,
                    "link": settings.SATUPINTU_BASE_URL + reverse("portal:permits"),
                }
            notify.applicant(
                permit.application,
                key=f"expiry:{permit.pk}:{threshold}",
                subject=subject,
                body=body,
            )
            reminded += 1
    return reminded


@transaction.atomic
def application_start_from_permit(*, permit: Permit, owner, purpose: str) -> Application:
    """Perpanjangan or perubahan: a new draft for the permit's service, filled in from the
    permit's application, with its documents attached again (the applicant changes what
    changed). Starting twice returns the same draft."""
    if purpose not in (Purpose.RENEWAL, Purpose.AMENDMENT):
        raise ValidationError(_("Choose renewal or amendment."))
    permit = Permit.objects.select_related("application__service_version__service").get(
        pk=permit.pk
    )
    old = permit.application
    if old.owner_id != owner.pk:
        raise ActionRefusedError(_("That permit is not yours."))
    if permit.revoked_at is not None:
        raise ActionRefusedError(_("A revoked permit cannot be renewed or amended."))
    existing = Application.objects.filter(
        predecessor=permit, purpose=purpose, status=Status.DRAFT
    ).first()
    if existing is not None:
        return existing
    version = old.service_version.service.published_version
    if version is None:
        raise ActionRefusedError(_("This service is not open for applications."))
    keys = {field.key for field in version.fields.all()}
    application = Application.objects.create(
        region_id=old.region_id,
        service_version=version,
        owner=owner,
        person_id=old.person_id,
        business_id=old.business_id,
        purpose=purpose,
        predecessor=permit,
        form_data={key: value for key, value in old.form_data.items() if key in keys},
    )
    documents = {
        a.document.document_type_id: a.document for a in old.documents.select_related("document")
    }
    ApplicationDocument.objects.bulk_create(
        ApplicationDocument(
            application=application,
            requirement=requirement,
            document=documents[requirement.document_type_id],
        )
        for requirement in version.requirement_list()
        if requirement.document_type_id in documents
    )
    return application
