"""Applications (permohonan), their documents, the tasks of their workflow and the SLA clock."""

import datetime
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import DocumentType, Requirement, ServiceVersion
from core.money import RupiahField
from org.models import CASE_ROLES, Agency, Business, Person, Region, Role


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")
    AWAITING_PAYMENT = "awaiting_payment", _("Waiting for payment")
    PAID = "paid", _("Paid, waiting for signature")
    ISSUED = "issued", _("Issued")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (Status.SUBMITTED, Status.IN_REVIEW, Status.RETURNED)
ENDED_STATUSES = (Status.ISSUED, Status.REJECTED, Status.WITHDRAWN, Status.CANCELLED)


class Purpose(models.TextChoices):
    NEW = "new", _("New")
    RENEWAL = "renewal", _("Renewal (perpanjangan)")
    AMENDMENT = "amendment", _("Amendment (perubahan)")


class ApplicationQuerySet(models.QuerySet):
    def visible_to_staff(self, user, region: Region) -> "ApplicationQuerySet":
        """Cases the user works on: a task of theirs by agency and role (deny by default).

        The one rule for the case page and every file of a case (documents, inspection
        photos, permit, SKRD): holding some role in an agency on the case is not enough;
        a region admin, a planner or a complaint liaison of that agency sees nothing.
        """
        tasks = CaseTask.objects.worked_by(user, region)
        return self.filter(region=region, pk__in=tasks.values("application_id"))

    def visible_to(self, user, region: Region) -> "ApplicationQuerySet":
        """The applicant's own cases, and the cases the user works on as staff."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(owner=user) | self.visible_to_staff(user, region)

    def of_applicant(self, user) -> "ApplicationQuerySet":
        return self.filter(owner=user)


class Application(models.Model):
    """One permohonan, filed under one immutable service version."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="applications")
    service_version = models.ForeignKey(
        ServiceVersion, on_delete=models.PROTECT, related_name="applications"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="applications")
    business = models.ForeignKey(
        Business, on_delete=models.PROTECT, null=True, blank=True, related_name="applications"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, editable=False
    )
    form_data = models.JSONField(_("form"), default=dict, blank=True)
    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose, default=Purpose.NEW)
    predecessor = models.ForeignKey(
        "Permit",
        verbose_name=_("permit renewed or amended"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
    )
    registration_number = models.CharField(
        _("registration number"), max_length=60, null=True, blank=True, unique=True
    )
    pin_digest = models.CharField(max_length=64, blank=True, editable=False)
    # A double click or a retried request carries the same key: one application.
    submission_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_on = models.DateField(null=True, blank=True, help_text="region-local date")
    due_on = models.DateField(_("due date"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    correction_due_on = models.DateField(null=True, blank=True)
    deemed_approval_at = models.DateTimeField(null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["region", "status", "due_on"]),
            # "Do I already have a draft for this service?" on every start, however long the
            # applicant's history.
            models.Index(
                fields=["owner", "service_version"],
                condition=models.Q(status="draft"),
                name="draft_by_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.registration_number or f"draf #{self.pk}"

    @property
    def service(self):
        return self.service_version.service

    @property
    def applicant_name(self) -> str:
        return self.business.name if self.business_id else self.person.name

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def status_label(self) -> str:
        """The status as people read it: an issued case whose permit was revoked (or
        replaced by an amendment) says so; the case's own status stays issued."""
        if self.status == Status.ISSUED:
            try:
                if self.permit.revoked_at is not None:
                    return _("Permit revoked")
            except Permit.DoesNotExist:
                pass
        return self.get_status_display()

    def fee_due(self) -> int:
        """The retribusi for this application under its version's fee rule, in rupiah."""
        version = self.service_version
        form = version.application_form_class()(self.form_data)
        return version.fee_for(form.cleaned_data if form.is_valid() else {})


class VerificationStatus(models.TextChoices):
    UNVERIFIED = "unverified", _("Not yet verified")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


def _document_path(document: "Document", filename: str) -> str:
    return f"documents/{document.owner_id}/{uuid.uuid4().hex}/{filename}"


class Document(models.Model):
    """An uploaded document. Identity documents stay in the owner's locker for reuse."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="documents"
    )
    document_type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to=_document_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    in_locker = models.BooleanField(default=False)
    verification = models.CharField(
        max_length=12, choices=VerificationStatus, default=VerificationStatus.UNVERIFIED
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.document_type}: {self.original_name}"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class ApplicationDocument(models.Model):
    """The document given for one requirement of an application."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    requirement = models.ForeignKey(Requirement, on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="uses")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "requirement"], name="one_document_per_requirement"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.requirement}"


class TaskStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for an earlier stage")
    OPEN = "open", _("Open")
    PAUSED = "paused", _("Waiting for the applicant")
    DONE = "done", _("Done")
    CLOSED = "closed", _("Closed without action")


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", _("Complete and accepted")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Recommended")
    REJECT_RECOMMENDED = "reject_recommended", _("Rejection recommended")
    INSPECTION = "inspection", _("Field inspection requested")
    INSPECTED = "inspected", _("Inspection report filed")
    DECISION_APPROVE = "decision_approve", _("Approved")
    DECISION_REJECT = "decision_reject", _("Rejected")
    SIGNED = "signed", _("Signed and issued")
    BILLED = "billed", _("SKRD issued")


class SlaState(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OVERDUE = "overdue", _("Overdue")


class CaseTaskQuerySet(models.QuerySet):
    def worked_by(self, user, region: Region) -> "CaseTaskQuerySet":
        """Tasks through which the user may open their case (org.models.CASE_READERS)."""
        from org.models import held_roles

        pairs = models.Q(pk__in=[])
        for agency_id, role in ((held.agency_id, held.role) for held in held_roles(user, region)):
            if role in CASE_ROLES:
                pairs |= models.Q(agency_id=agency_id, role=role)
            if role == Role.INSPECTOR:
                # The field inspection of a reviewer's task, waiting or filed.
                pairs |= models.Q(
                    agency_id=agency_id, role=Role.TECHNICAL_REVIEWER, inspection__isnull=False
                )
            elif role == Role.LEADERSHIP:
                pairs |= models.Q(agency_id=agency_id)  # the head of an agency on the case
        return self.filter(pairs, agency__region=region)

    def inbox(self, user, region: Region, *, status: str = "open") -> "CaseTaskQuerySet":
        """Tasks of the agencies and roles the user holds: open ones, or paused ones."""
        from org.models import held_roles

        pairs = models.Q(pk__in=[])
        for agency_id, role in ((held.agency_id, held.role) for held in held_roles(user, region)):
            pairs |= models.Q(agency_id=agency_id, role=role)
            if role == Role.INSPECTOR:
                # A reviewer's task whose field inspection waits for its BAP.
                pairs |= models.Q(
                    agency_id=agency_id,
                    role=Role.TECHNICAL_REVIEWER,
                    inspection__isnull=False,
                    inspection__filed_at__isnull=True,
                )
        # The agencies are the region's own, so no join to the applications is needed.
        return self.filter(pairs, status=status)

    def overdue(self, today: datetime.date) -> "CaseTaskQuerySet":
        return self.filter(due_on__lt=today)

    def at_risk(self, today: datetime.date) -> "CaseTaskQuerySet":
        return self.filter(at_risk_on__lte=today, due_on__gte=today)


class CaseTask(models.Model):
    """A task of the case's workflow, copied from the version's template when filed."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="tasks")
    stage = models.PositiveSmallIntegerField(_("stage"))
    stage_name = models.CharField(_("stage name"), max_length=120)
    name = models.CharField(_("task"), max_length=200)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="case_tasks")
    role = models.CharField(_("role"), max_length=24, choices=Role)
    budget_days = models.PositiveSmallIntegerField(_("budget (working days)"))
    status = models.CharField(max_length=8, choices=TaskStatus, default=TaskStatus.WAITING)
    started_on = models.DateField(null=True, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    # The day 80% of the budget is used; moves with pauses, like the due date.
    at_risk_on = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=20, choices=Outcome, blank=True)
    note = models.TextField(blank=True)
    # Alerts already sent, so the worker sends each one once.
    alerted_at_risk = models.BooleanField(default=False)
    alerted_overdue = models.BooleanField(default=False)

    objects = CaseTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["stage", "pk"]
        indexes = [
            # Inboxes and their counts read only open tasks: a small partial index.
            models.Index(
                fields=["agency", "role", "due_on", "at_risk_on"],
                condition=models.Q(status="open"),
                name="open_task_inbox",
            ),
            # The inbox's "waiting for the applicant" count and filter.
            models.Index(
                fields=["agency", "role", "due_on"],
                condition=models.Q(status="paused"),
                name="paused_task_inbox",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.stage}. {self.name}"

    def sla_state(self, today: datetime.date) -> str:
        if self.due_on is None or self.status != TaskStatus.OPEN:
            return SlaState.ON_TRACK
        if today > self.due_on:
            return SlaState.OVERDUE
        if self.at_risk_on and today >= self.at_risk_on:
            return SlaState.AT_RISK
        return SlaState.ON_TRACK


def at_risk_days(budget_days: int) -> int:
    """Working days after which 80% of a budget is used (rounded up)."""
    return -(-budget_days * 4 // 5)


class PauseReason(models.TextChoices):
    CORRECTION = "correction", _("Waiting for the applicant's correction")
    PAYMENT = "payment", _("Waiting for payment")


class ClockPause(models.Model):
    """A span in which the case waits on the applicant: those working days do not count."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="pauses")
    reason = models.CharField(max_length=12, choices=PauseReason)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    working_days = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_reason_display()} {self.started_on}–{self.ended_on}"


class CorrectionRequest(models.Model):
    """The front office's itemised notes when it returns an application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="corrections"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.application}: perbaikan sampai {self.due_on}"

    def notes(self) -> list[tuple[str, str]]:
        """(what it is about, the note) per item: the requirement's document or the label
        of the form field."""
        labels = dict(self.application.service_version.fields.values_list("key", "label"))
        return [
            (
                item.requirement.document_type.name
                if item.requirement_id
                else labels.get(item.field_key, item.field_key),
                item.note,
            )
            for item in self.items.select_related("requirement__document_type")
        ]


class CorrectionItem(models.Model):
    correction = models.ForeignKey(
        CorrectionRequest, on_delete=models.CASCADE, related_name="items"
    )
    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    field_key = models.CharField(max_length=40, blank=True)
    note = models.CharField(max_length=500)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.note


class Inspection(models.Model):
    """Berita acara pemeriksaan (BAP): a field inspection and its findings."""

    task = models.OneToOneField(CaseTask, on_delete=models.CASCADE, related_name="inspection")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    inspected_on = models.DateField(null=True, blank=True)
    inspectors = models.TextField(blank=True)
    findings = models.TextField(blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    filed_at = models.DateTimeField(null=True, blank=True)
    photos = models.ManyToManyField(Document, blank=True, related_name="+")

    def __str__(self) -> str:
        return f"BAP {self.task}"


def permit_code() -> str:
    """The unguessable part of a permit's verification address."""
    return secrets.token_urlsafe(18)


class PermitStatus(models.TextChoices):
    PENDING = "pending", _("Not yet in force")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class Permit(models.Model):
    """The issued document of an approved application: numbered, signed, verifiable."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="permit")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="permits")
    number = models.CharField(_("number"), max_length=100)
    code = models.CharField(max_length=40, unique=True, default=permit_code, editable=False)
    title = models.CharField(_("title"), max_length=200)
    holder_name = models.CharField(_("holder"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signed_permits"
    )
    signer_name = models.CharField(max_length=200)
    signer_position = models.CharField(max_length=200, blank=True)
    signer_nip = models.CharField(max_length=18, blank=True)
    pdf = models.FileField(upload_to="permits/%Y/", max_length=200)
    sha256 = models.CharField(max_length=64)
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revoked_permits",
    )
    revocation_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("permit")
        verbose_name_plural = _("permits")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="permit_number_once")
        ]

    def __str__(self) -> str:
        return self.number

    def status_on(self, day: datetime.date) -> str:
        if self.revoked_at is not None:
            return PermitStatus.REVOKED
        if self.valid_until is not None and day > self.valid_until:
            return PermitStatus.EXPIRED
        if day < self.valid_from:  # a renewal signed before the old permit ends
            return PermitStatus.PENDING
        return PermitStatus.ACTIVE


class BillStatus(models.TextChoices):
    UNPAID = "unpaid", _("Unpaid")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


def billing_code() -> str:
    """The code the applicant pays with at the bank: 16 digits, unguessable."""
    return f"{secrets.randbelow(10**16):016d}"


class Bill(models.Model):
    """The SKRD (surat ketetapan retribusi daerah) of an approved application."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="bill")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="bills")
    number = models.CharField(_("SKRD number"), max_length=100)
    amount = RupiahField(_("amount"))
    billing_code = models.CharField(
        _("billing code"), max_length=16, unique=True, default=billing_code, editable=False
    )
    due_on = models.DateField(_("due date"))
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="issued_bills"
    )
    status = models.CharField(max_length=10, choices=BillStatus, default=BillStatus.UNPAID)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(blank=True)
    pdf = models.FileField(upload_to="skrd/%Y/", max_length=200)
    # Checked whenever the PDF is served and by `files_verify` (ADR 0023).
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("SKRD")
        verbose_name_plural = _("SKRD")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="skrd_number_once")
        ]

    def __str__(self) -> str:
        return self.number


class PaymentMethod(models.TextChoices):
    """How a payment was recorded."""

    TREASURER = "treasurer", _("Confirmed by the treasurer")
    GATEWAY = "gateway", _("Payment gateway")


class Payment(models.Model):
    """One payment of a bill; the same bank reference is never recorded twice."""

    bill = models.OneToOneField(Bill, on_delete=models.PROTECT, related_name="payment")
    amount = RupiahField(_("amount"))
    method = models.CharField(max_length=10, choices=PaymentMethod)
    reference = models.CharField(_("bank reference"), max_length=64)
    paid_at = models.DateTimeField(_("paid at"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            models.UniqueConstraint(fields=["method", "reference"], name="payment_reference_once")
        ]

    def __str__(self) -> str:
        return self.reference


class GatewayCallback(models.Model):
    """An accepted payment callback, as received. Refusals go to core.RefusedCallback."""

    received_at = models.DateTimeField(auto_now_add=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    body = models.TextField()
    outcome = models.CharField(max_length=16)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d %H:%M} {self.outcome}"
