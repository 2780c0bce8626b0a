"""Workflows on applications. Every status change happens here, through `application_move`."""

import datetime
import hashlib
import hmac
import secrets
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from catalog.models import DeemedApproval, DocumentType
from core import numbers
from core.audit import audit_record
from core.files import files_atomic
from core.formatting import long_date
from core.uploads import check_upload
from licensing import notify
from licensing.models import (
    OPEN_STATUSES,
    Application,
    ApplicationDocument,
    CaseTask,
    ClockPause,
    CorrectionItem,
    CorrectionRequest,
    Document,
    Inspection,
    Outcome,
    PauseReason,
    SlaState,
    Status,
    TaskStatus,
    VerificationStatus,
)
from licensing.workflow import (
    ActionRefusedError,
    application_end,
    application_lock,
    application_move,
    pause_end,
    regions_today,
    task_actor_allowed,
    task_complete,
    task_lock,
    tasks_close,
    tasks_start,
)
from org.models import Role

# Working days the treasurer has to issue the SKRD, and the signing official to sign.
ISSUANCE_TASK_DAYS = 1


def pin_digest(registration_number: str, pin: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{registration_number}:{pin}".encode(), hashlib.sha256).hexdigest()


# Applicant side ------------------------------------------------------------------------


def application_start(*, owner, person, service, business=None) -> Application:
    version = service.published_version
    if version is None:
        raise ActionRefusedError(_("This service is not open for applications."))
    return Application.objects.create(
        region_id=service.region_id,
        service_version=version,
        owner=owner,
        person=person,
        business=business,
    )


@transaction.atomic
def document_upload(*, owner, document_type, upload, in_locker: bool | None = None) -> Document:
    """Store an upload after checking its content; a refused file stores nothing."""
    document = _new_document(owner, document_type, upload, check_upload(upload), in_locker)
    document.save()
    return document


def _new_document(owner, document_type, upload, checked, in_locker: bool | None) -> Document:
    """A document for a checked upload, not saved yet (saving it stores the file)."""
    upload.name = checked.safe_name
    return Document(
        owner=owner,
        document_type=document_type,
        file=upload,
        original_name=(upload.name or "")[:255],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        in_locker=document_type.is_identity if in_locker is None else in_locker,
    )


@transaction.atomic
def application_attach(*, application: Application, requirement, document: Document):
    application = application_lock(application)
    if application.status not in (Status.DRAFT, Status.RETURNED):
        raise ActionRefusedError(
            _("Documents can be changed only in a draft or a returned application.")
        )
    _check_attachment(application, requirement, document)
    ApplicationDocument.objects.update_or_create(
        application=application, requirement=requirement, defaults={"document": document}
    )


def _check_attachment(application: Application, requirement, document: Document) -> None:
    if document.owner_id != application.owner_id:
        raise ActionRefusedError(_("That document is not yours."))
    if requirement.version_id != application.service_version_id:
        raise ActionRefusedError(_("That requirement belongs to another service."))
    if document.document_type_id != requirement.document_type_id:
        raise ActionRefusedError(
            _("This requirement needs a %(type)s.") % {"type": requirement.document_type.name}
        )


def application_errors(application: Application) -> dict[str, list[str]]:
    """What still keeps a draft from being submitted, per form field or requirement."""
    form = application.service_version.application_form_class()(application.form_data)
    errors = {
        key: [f"{form.fields[key].label}: {message}" for message in messages]
        for key, messages in form.errors.items()
    }
    given = set(application.documents.values_list("requirement_id", flat=True))
    for requirement in application.service_version.requirement_list():
        if requirement.mandatory and requirement.pk not in given:
            errors[f"doc-{requirement.pk}"] = [
                _("%(document)s is required.") % {"document": requirement.document_type.name}
            ]
    return errors


@transaction.atomic
def application_submit(
    *, application: Application, actor, client_address=None
) -> tuple[Application, str | None]:
    """Give the application its number and PIN and open its first stage.

    Submitting an application that is already submitted changes nothing and returns no PIN:
    a double click or a retried request makes exactly one submission.
    """
    application = application_lock(application)
    if application.status != Status.DRAFT:
        return application, None
    errors = application_errors(application)
    if errors:
        raise ValidationError(errors)
    region = application.region
    today = region.today()
    calendar = region.calendar()
    tasks = [
        CaseTask(
            application=application,
            stage=template.stage,
            stage_name=template.stage_name,
            name=template.name,
            agency_id=template.agency_id,
            role=template.role,
            budget_days=template.budget_days,
        )
        for template in application.service_version.task_list()
    ]
    first = min((task.stage for task in tasks), default=1)
    opened = tasks_start([task for task in tasks if task.stage == first], today, calendar)
    CaseTask.objects.bulk_create(tasks)
    # The number is taken last: its row stays locked only until this transaction commits,
    # so concurrent submissions wait on each other as briefly as possible.
    sequence = numbers.next_value(scope=f"registration:{region.code}", year=today.year)
    application.registration_number = numbers.format_number(
        region.registration_pattern, seq=sequence, year=today.year, region=region.code
    )
    pin = f"{secrets.randbelow(1_000_000):06d}"
    application.pin_digest = pin_digest(application.registration_number, pin)
    application.submitted_at = timezone.now()
    application.submitted_on = today
    application.due_on = calendar.add_working_days(today, application.service_version.sla_days)
    for task in opened:
        notify.task_opened(task)
    # The audit chain's head is locked last of all, for the same reason.
    application_move(
        application,
        Status.SUBMITTED,
        actor=actor,
        client_address=client_address,
        what=_("registered and waiting for the completeness check"),
        also=["registration_number", "pin_digest", "submitted_at", "submitted_on", "due_on"],
    )
    return application, pin


@transaction.atomic
def application_fill(
    *, application: Application, actor, values: dict, attachments: dict | None = None
) -> Application:
    """Save the applicant's answers and documents in one step: all of them in a draft, only
    the flagged ones when the application was returned for correction.

    `attachments` maps a requirement to a new upload or to a document from the locker.
    Every upload is checked first; a refused one raises a ValidationError keyed
    `doc-<requirement>` and nothing at all is saved.
    """
    attachments = attachments or {}
    checked, errors = {}, {}
    for requirement, item in attachments.items():
        if not isinstance(item, Document):
            try:
                checked[requirement.pk] = check_upload(item)
            except ValidationError as error:
                errors[f"doc-{requirement.pk}"] = error.messages
    if errors:
        raise ValidationError(errors)
    # The row alone, locked: answers and documents need nothing joined to it (the joins of
    # application_lock take about three times the CPU: docs/benchmarks.md).
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.owner_id != actor.pk:
        raise ActionRefusedError(_("That application is not yours."))
    if application.status == Status.DRAFT:
        fields = requirements = None
    elif application.status == Status.RETURNED:
        correction = application.corrections.filter(resolved_at__isnull=True).first()
        items = list(correction.items.all())
        fields = {item.field_key for item in items if item.field_key}
        requirements = {item.requirement_id for item in items if item.requirement_id}
    else:
        raise ActionRefusedError(
            _("This application is %(status)s; that action no longer applies.")
            % {"status": application.get_status_display().lower()}
        )
    kept = {key: value for key, value in values.items() if fields is None or key in fields}
    if kept:
        application.form_data = {**application.form_data, **kept}
        application.save(update_fields=["form_data"])
    if not attachments:
        return application
    documents, stored = {}, []
    for requirement, item in attachments.items():
        if requirements is not None and requirement.pk not in requirements:
            raise ActionRefusedError(_("Only the flagged documents can be changed now."))
        if isinstance(item, Document):
            documents[requirement] = item
        else:
            documents[requirement] = _new_document(
                actor, requirement.document_type, item, checked[requirement.pk], None
            )
            stored.append(documents[requirement])
        _check_attachment(application, requirement, documents[requirement])
    Document.objects.bulk_create(stored)
    current = {a.requirement_id: a for a in application.documents.all()}
    new = []
    for requirement, document in documents.items():
        if requirement.pk in current:
            ApplicationDocument.objects.filter(pk=current[requirement.pk].pk).update(
                document=document
            )
        else:
            new.append(
                ApplicationDocument(
                    application=application, requirement=requirement, document=document
                )
            )
    ApplicationDocument.objects.bulk_create(new)
    return application


@transaction.atomic
def application_resubmit(*, application: Application, actor, client_address=None):
    """The applicant fixed what was flagged: the clock resumes where it paused."""
    application = application_lock(application)
    if application.owner_id != actor.pk:
        raise ActionRefusedError(_("That application is not yours."))
    correction = application.corrections.filter(resolved_at__isnull=True).first()
    if application.status != Status.RETURNED or correction is None:
        raise ActionRefusedError(_("This application is not waiting for a correction."))
    errors = application_errors(application)
    if errors:
        raise ValidationError(errors)
    correction.resolved_at = timezone.now()
    correction.save(update_fields=["resolved_at"])
    pause_end(application)
    application_move(
        application,
        Status.SUBMITTED,
        actor=actor,
        client_address=client_address,
        what=_("corrected and resubmitted"),
    )
    for task in application.tasks.filter(status=TaskStatus.PAUSED):
        task.status = TaskStatus.OPEN
        task.save(update_fields=["status"])
        notify.task_opened(task, reason=f"correction-{correction.pk}")
    return application


@transaction.atomic
def application_withdraw(*, application: Application, actor, reason: str = "", client_address=None):
    application = application_lock(application)
    if application.owner_id != actor.pk:
        raise ActionRefusedError(_("That application is not yours."))
    if application.status not in (*OPEN_STATUSES, Status.DRAFT):
        raise ActionRefusedError(_("A decided application can no longer be withdrawn."))
    application_end(
        application,
        Status.WITHDRAWN,
        actor=actor,
        reason=reason,
        client_address=client_address,
        what=_("withdrawn at your request"),
    )
    return application


# Staff side ----------------------------------------------------------------------------


@transaction.atomic
def application_accept(*, task: CaseTask, actor, note: str = "", client_address=None):
    """Front office: the application is complete; it moves to the technical stages."""
    task = task_lock(task, actor=actor, roles={Role.FRONT_OFFICE})
    application = task.application
    if application.status != Status.SUBMITTED:
        raise ActionRefusedError(_("This application is waiting for the applicant's correction."))
    task_complete(task, actor=actor, outcome=Outcome.ACCEPTED, note=note)
    if application.status == Status.SUBMITTED:
        application_move(
            application,
            Status.IN_REVIEW,
            actor=actor,
            client_address=client_address,
            what=_("complete and under review"),
        )
    return task


@transaction.atomic
def application_return(*, task: CaseTask, actor, items: list[dict], client_address=None):
    """Front office: return with itemised notes; the clock pauses until the applicant fixes them.

    Each item is {"requirement": Requirement | None, "field_key": str, "note": str}.
    """
    task = task_lock(task, actor=actor, roles={Role.FRONT_OFFICE})
    application = task.application
    items = [item for item in items if item.get("note", "").strip()]
    if not items:
        raise ValidationError(_("Say what must be corrected, item by item."))
    today = application.region.today()
    calendar = application.region.calendar()
    due = calendar.add_working_days(today, application.service_version.correction_days)
    correction = CorrectionRequest.objects.create(
        application=application, requested_by=actor, due_on=due
    )
    CorrectionItem.objects.bulk_create(
        CorrectionItem(
            correction=correction,
            requirement=item.get("requirement"),
            field_key=item.get("field_key", ""),
            note=item["note"].strip()[:500],
        )
        for item in items
    )
    application.correction_due_on = due
    application.save(update_fields=["correction_due_on"])
    ClockPause.objects.create(
        application=application, reason=PauseReason.CORRECTION, started_on=today
    )
    application.tasks.filter(status=TaskStatus.OPEN).update(status=TaskStatus.PAUSED)
    # Each note with the document or field it is about, in the history and the message.
    notes = [f"{about}: {note}" for about, note in correction.notes()]
    application_move(
        application,
        Status.RETURNED,
        actor=actor,
        client_address=client_address,
        reason="\n".join(notes),
        what=_("returned: please correct it by %(date)s (%(items)s)")
        % {"date": long_date(due), "items": "; ".join(notes)},
    )
    return correction


@transaction.atomic
def review_recommend(
    *, task: CaseTask, actor, approve: bool, reason: str = "", client_address=None
):
    """Technical reviewer: recommend approval, or recommend rejection with a reason."""
    task = task_lock(task, actor=actor, roles={Role.TECHNICAL_REVIEWER})
    if not approve and not reason.strip():
        raise ValidationError(_("A recommendation to reject needs a reason."))
    inspection = Inspection.objects.filter(task=task).first()
    if inspection is not None and inspection.filed_at is None:
        raise ActionRefusedError(_("The field inspection report (BAP) has not been filed yet."))
    outcome = Outcome.APPROVED if approve else Outcome.REJECT_RECOMMENDED
    task_complete(
        task, actor=actor, outcome=outcome, note=reason.strip(), client_address=client_address
    )
    return task


@transaction.atomic
def inspection_request(*, task: CaseTask, actor, note: str = "", client_address=None) -> Inspection:
    """Technical reviewer: the case needs a field inspection before a recommendation."""
    task = task_lock(task, actor=actor, roles={Role.TECHNICAL_REVIEWER})
    inspection, created = Inspection.objects.get_or_create(
        task=task, defaults={"requested_by": actor}
    )
    if not created:
        raise ActionRefusedError(_("A field inspection was already requested."))
    notify.inspection_requested(task)
    audit_record(
        actor=actor,
        object_type="licensing.application",
        object_id=task.application_id,
        action="inspection_requested",
        reason=note,
        client_address=client_address,
        data={"task": task.pk},
    )
    return inspection


# At most this many photos go with a BAP; more are left out.
INSPECTION_PHOTOS_MAX = 10


@files_atomic()  # a refused or failed report leaves no photo behind
def inspection_file(
    *,
    task: CaseTask,
    actor,
    inspected_on: datetime.date,
    inspectors: str,
    findings: str,
    photos: Sequence[UploadedFile] = (),
    client_address=None,
) -> Inspection:
    """File the BAP with its photos (uploads, stored only once the report is accepted). On
    an inspector's task this completes it; on a reviewer's it enables a recommendation."""
    task = CaseTask.objects.select_related("application", "agency").get(pk=task.pk)
    application_lock(task.application)
    task = CaseTask.objects.select_for_update().get(pk=task.pk)
    if task.status != TaskStatus.OPEN:
        raise ActionRefusedError(_("This task is no longer open."))
    if not task_actor_allowed(task, actor, roles=[Role.INSPECTOR, Role.TECHNICAL_REVIEWER]):
        raise ActionRefusedError(_("You do not hold the role this task needs."))
    if not inspectors.strip() or not findings.strip():
        raise ValidationError(_("A BAP names the inspectors and records the findings."))
    if inspected_on > task.application.region.today():
        raise ValidationError(_("The inspection date cannot be in the future."))
    inspection = Inspection.objects.filter(task=task).first()
    if inspection is None:
        if task.role != Role.INSPECTOR:
            raise ActionRefusedError(_("No field inspection was requested for this task."))
        inspection = Inspection.objects.create(task=task, requested_by=actor)
    if inspection.filed_at is not None:
        raise ActionRefusedError(_("The BAP was already filed."))
    uploads = list(photos)[:INSPECTION_PHOTOS_MAX]
    checked = [check_upload(upload) for upload in uploads]  # every photo, before storing one
    photo_type, _created = DocumentType.objects.get_or_create(
        region=task.application.region,
        code="foto-bap",
        defaults={"name": "Foto pemeriksaan lapangan"},
    )
    stored = []
    for upload, check in zip(uploads, checked, strict=True):
        document = _new_document(actor, photo_type, upload, check, in_locker=False)
        document.save()
        stored.append(document)
    inspection.inspected_on = inspected_on
    inspection.inspectors = inspectors.strip()
    inspection.findings = findings.strip()
    inspection.filed_by = actor
    inspection.filed_at = timezone.now()
    inspection.save()
    inspection.photos.set(stored)
    audit_record(
        actor=actor,
        object_type="licensing.application",
        object_id=task.application_id,
        action="inspection_filed",
        reason=findings.strip(),
        client_address=client_address,
        data={"task": task.pk, "inspected_on": inspected_on.isoformat()},
    )
    if task.role == Role.INSPECTOR:
        task_complete(task, actor=actor, outcome=Outcome.INSPECTED, note=findings.strip())
    return inspection


@transaction.atomic
def application_decide(
    *, task: CaseTask, actor, approve: bool, reason: str = "", client_address=None
):
    """Signing official: approve, or reject with a reason. Closes the case's open tasks."""
    task = task_lock(task, actor=actor, roles={Role.SIGNING_OFFICIAL})
    if not approve and not reason.strip():
        raise ValidationError(_("A rejection needs a reason."))
    return _decide(task, actor=actor, approve=approve, reason=reason, client_address=client_address)


def _decide(task, *, actor, approve, reason, client_address=None):
    application = task.application
    if application.status != Status.IN_REVIEW:
        raise ActionRefusedError(_("Only an application under review can be decided."))
    outcome = Outcome.DECISION_APPROVE if approve else Outcome.DECISION_REJECT
    task_complete(task, actor=actor, outcome=outcome, note=reason.strip(), open_next=False)
    tasks_close(application)
    application.decided_at = timezone.now()
    application.decision_reason = reason.strip()
    application.save(update_fields=["decided_at", "decision_reason"])
    application_move(
        application,
        Status.APPROVED if approve else Status.REJECTED,
        actor=actor,
        reason=reason.strip(),
        client_address=client_address,
        what=_("approved") if approve else _("rejected: %(reason)s") % {"reason": reason.strip()},
    )
    if approve:
        if application.fee_due() > 0:
            with translation.override("id"):
                _open_issuance_task(
                    application,
                    role=Role.TREASURER,
                    stage_name=_("Retribusi"),
                    name=_("Issue the SKRD"),
                    agency_id=task.agency_id,
                )
        else:
            open_signing(application)
    return task


def open_signing(application: Application) -> CaseTask:
    """The permit's signature, by a signing official of the agency that decided."""
    decision = application.tasks.filter(outcome=Outcome.DECISION_APPROVE).order_by("-stage").first()
    with translation.override("id"):
        return _open_issuance_task(
            application,
            role=Role.SIGNING_OFFICIAL,
            stage_name=_("Issuance"),
            name=_("Sign the permit"),
            agency_id=decision.agency_id,
        )


def _open_issuance_task(application, *, role, stage_name, name, agency_id) -> CaseTask:
    """A task after the decision (SKRD, signature): one working day, in a stage of its own."""
    last = application.tasks.order_by("-stage").values_list("stage", flat=True).first() or 0
    task = CaseTask.objects.create(
        application=application,
        stage=last + 1,
        stage_name=stage_name,
        name=name,
        agency_id=agency_id,
        role=role,
        budget_days=ISSUANCE_TASK_DAYS,
    )
    (task,) = tasks_start([task], application.region.today(), application.region.calendar())
    task.save(update_fields=["status", "started_on", "due_on", "at_risk_on"])
    notify.task_opened(task)
    return task


@transaction.atomic
def document_verify(*, document: Document, actor, accept: bool) -> Document:
    """Front office marks a locker document verified (or rejected), for reuse later."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    document.verification = VerificationStatus.VERIFIED if accept else VerificationStatus.REJECTED
    document.verified_by = actor
    document.verified_at = timezone.now()
    document.save(update_fields=["verification", "verified_by", "verified_at"])
    audit_record(
        actor=actor,
        object_type="licensing.document",
        object_id=document.pk,
        action="document_verified" if accept else "document_rejected",
    )
    return document


# The clock ------------------------------------------------------------------------------


# Background checks (run by the worker) -----------------------------------------------------


def corrections_lapse(*, today: datetime.date | None = None) -> int:
    """Cancel applications whose correction window has passed, with notice."""
    cancelled = 0
    for region, day in regions_today(today):
        overdue = Application.objects.filter(
            region=region, status=Status.RETURNED, correction_due_on__lt=day
        )
        for application in overdue:
            with transaction.atomic():
                locked = application_lock(application)
                if locked.status != Status.RETURNED or day <= locked.correction_due_on:
                    continue
                application_end(
                    locked,
                    Status.CANCELLED,
                    actor=None,
                    reason=_("The correction was not made within the correction window."),
                    what=_("cancelled: the correction was not made in time"),
                )
                cancelled += 1
    return cancelled


def sla_check(*, today: datetime.date | None = None) -> dict[str, int]:
    """Alert officers at 80% and at overdue (once each); apply deemed approval.

    Only the tasks that need something are read: the rest of the open tasks are not loaded.
    """
    counts = {"at_risk": 0, "overdue": 0, "deemed": 0}
    for region, day in regions_today(today):
        due_for_alert = Q(alerted_at_risk=False, at_risk_on__lte=day) | Q(
            alerted_overdue=False, due_on__lt=day
        )
        deemed = Q(
            role=Role.SIGNING_OFFICIAL,
            application__due_on__lt=day,
            application__deemed_approval_at__isnull=True,
        )
        tasks = CaseTask.objects.filter(
            due_for_alert | deemed,
            status=TaskStatus.OPEN,
            application__region=region,
            application__status__in=[Status.SUBMITTED, Status.IN_REVIEW],
        ).select_related("application__region", "agency")
        for task in tasks:
            state = task.sla_state(day)
            if state == SlaState.AT_RISK and not task.alerted_at_risk:
                notify.task_alert(task, state="at_risk")
                CaseTask.objects.filter(pk=task.pk).update(alerted_at_risk=True)
                counts["at_risk"] += 1
            if state == SlaState.OVERDUE and not task.alerted_overdue:
                notify.task_alert(task, state="overdue")
                CaseTask.objects.filter(pk=task.pk, alerted_overdue=False).update(
                    alerted_overdue=True, alerted_at_risk=True
                )
                counts["overdue"] += 1
            if (
                task.role == Role.SIGNING_OFFICIAL
                and task.application.due_on
                and day > task.application.due_on
                and task.application.deemed_approval_at is None
            ):
                counts["deemed"] += _deemed_approval(task)
    return counts


@transaction.atomic
def _deemed_approval(task: CaseTask) -> int:
    """Fiktif positif: the decision deadline passed. Flag the case, or approve it."""
    application = application_lock(task.application)
    if application.deemed_approval_at is not None or application.status != Status.IN_REVIEW:
        return 0
    application.deemed_approval_at = timezone.now()
    application.save(update_fields=["deemed_approval_at"])
    mode = application.service_version.deemed_approval
    audit_record(
        actor=None,
        object_type="licensing.application",
        object_id=application.pk,
        action="deemed_approval",
        reason=mode,
    )
    if mode == DeemedApproval.APPROVE:
        task = CaseTask.objects.select_for_update().get(pk=task.pk)
        if task.status == TaskStatus.OPEN:
            _decide(
                task,
                actor=None,
                approve=True,
                reason=_("Deemed approved: the decision deadline passed (fiktif positif)."),
            )
    return 1
