"""Satisfaction surveys (SKM, PermenPAN-RB 14/2017): the elements a region asks about,
single-use invitations after a case ends, and the responses with their answers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from org.identity import format_phone


class SurveyElement(models.Model):
    """One question of the survey, kept by a stable code (U1…U9, then the region's own):
    the regulation and the common questionnaire order U8 and U9 differently, so meaning
    never comes from position."""

    region = models.ForeignKey("org.Region", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("element"), max_length=200)
    question = models.TextField(_("question"))
    answer_1 = models.CharField(_("answer 1 (worst)"), max_length=100)
    answer_2 = models.CharField(_("answer 2"), max_length=100)
    answer_3 = models.CharField(_("answer 3"), max_length=100)
    answer_4 = models.CharField(_("answer 4 (best)"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("asked"), default=True)

    class Meta:
        verbose_name = _("survey element")
        verbose_name_plural = _("survey elements")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="survey_element_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def answers(self) -> list[tuple[int, str]]:
        return [(1, self.answer_1), (2, self.answer_2), (3, self.answer_3), (4, self.answer_4)]


class Channel(models.TextChoices):
    """How the respondent reached the office: online after the case, or at the counter."""

    ONLINE = "online", _("Online, after the case")
    KIOSK = "kiosk", _("Kiosk at the service counter")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Education(models.TextChoices):
    SD = "sd", "SD"
    SMP = "smp", "SMP"
    SMA = "sma", "SMA"
    D1_D3 = "d1_d3", "D1-D3"
    D4_S1 = "d4_s1", "D4/S1"
    S2 = "s2", "S2"
    S3 = "s3", "S3"


class Occupation(models.TextChoices):
    PNS = "pns", "PNS"
    TNI = "tni", "TNI"
    POLRI = "polri", "POLRI"
    PRIVATE = "private", _("Private employee")
    ENTREPRENEUR = "entrepreneur", _("Entrepreneur")
    OTHER = "other", _("Other")


class SurveyInvitation(models.Model):
    """A single-use link sent to the applicant when the case ends."""

    application = models.OneToOneField(
        "licensing.Application", on_delete=models.CASCADE, related_name="survey_invitation"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.application_id}: {'used' if self.used_at else 'open'}"


class SurveyResponse(models.Model):
    region = models.ForeignKey("org.Region", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        "catalog.Service", on_delete=models.PROTECT, related_name="survey_responses"
    )
    # The responsible agency when the answer was given: reports stay true if it changes.
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+")
    application = models.OneToOneField(
        "licensing.Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_response",
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_on = models.DateField(help_text="region-local date")
    gender = models.CharField(_("sex"), max_length=6, choices=Gender)
    education = models.CharField(_("education"), max_length=6, choices=Education)
    occupation = models.CharField(_("occupation"), max_length=12, choices=Occupation)
    comment = models.TextField(_("comment or suggestion"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [
            models.Index(fields=["region", "submitted_on"]),
            models.Index(fields=["service", "submitted_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.submitted_on}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    element = models.ForeignKey(SurveyElement, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "element"], name="one_answer_per_element"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=4), name="score_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.element_id}={self.score}"


# Complaints (SP4N-LAPOR! rules: UU 25/2009, Perpres 76/2013, PermenPAN-RB 62/2018) ------------


class Classification(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    ASPIRATION = "aspiration", _("Aspiration")
    INFORMATION = "information", _("Request for information")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    POSTPONED = "postponed", _("Postponed")
    NOT_AUTHORITY = "not_authority", _("Not our authority")
    ARCHIVED = "archived", _("Archived")
    ROUTED = "routed", _("Verified and sent to the agency")
    FOLLOW_UP = "follow_up", _("Being followed up")
    RESOLVED = "resolved", _("Resolved")


# The word a URL carries for each status (/kantor/pengaduan/?status=diterima): readable
# Indonesian, as before the stored values became English.
STATUS_IN_URL = {
    ComplaintStatus.RECEIVED: "diterima",
    ComplaintStatus.POSTPONED: "ditunda",
    ComplaintStatus.NOT_AUTHORITY: "bukan_wewenang",
    ComplaintStatus.ARCHIVED: "diarsipkan",
    ComplaintStatus.ROUTED: "didisposisi",
    ComplaintStatus.FOLLOW_UP: "ditindaklanjuti",
    ComplaintStatus.RESOLVED: "selesai",
}
STATUS_FROM_URL = {word: status for status, word in STATUS_IN_URL.items()}


CLOSED_COMPLAINT = (
    ComplaintStatus.NOT_AUTHORITY,
    ComplaintStatus.ARCHIVED,
    ComplaintStatus.RESOLVED,
)


class Tier(models.TextChoices):
    """Resolution tiers of regional complaint standards, with their working days."""

    LIGHT = "light", _("Light (2 working days)")
    NORMATIVE = "normative", _("Normative (5 working days)")
    UNSUPERVISED = "unsupervised", _("Without supervisory content (14 working days)")
    SUPERVISED = "supervised", _("With supervisory content (60 working days)")


TIER_DAYS = {Tier.LIGHT: 2, Tier.NORMATIVE: 5, Tier.UNSUPERVISED: 14, Tier.SUPERVISED: 60}
VERIFICATION_DAYS = 3


# What is shown in public: reports the admin has verified and routed, and their outcome.
PUBLISHED_COMPLAINT = (
    ComplaintStatus.ROUTED,
    ComplaintStatus.FOLLOW_UP,
    ComplaintStatus.RESOLVED,
)


class ComplaintSource(models.TextChoices):
    """Where a complaint came from: the portal's form, or an integrator through Open311."""

    WEB = "web", _("web form")
    OPEN311 = "open311", "Open311"


class ComplaintQuerySet(models.QuerySet):
    def not_confidential(self) -> "ComplaintQuerySet":
        """What may leave the office at all: never a confidential report."""
        return self.filter(confidential=False)

    def public(self) -> "ComplaintQuerySet":
        """The one rule of what the public sees, on the portal and through Open311:
        verified (routed to an agency, followed up or resolved) and not confidential."""
        return self.not_confidential().filter(status__in=PUBLISHED_COMPLAINT)


class Complaint(models.Model):
    """A complaint, an aspiration or a request for information. `anonymous`: no identity
    is stored at all; `confidential`: not public, and the identity is hidden from the
    agency."""

    region = models.ForeignKey("org.Region", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("tracking number"), max_length=40, unique=True)
    secret_digest = models.CharField(max_length=64, editable=False)
    classification = models.CharField(
        _("classification"), max_length=12, choices=Classification, default=Classification.COMPLAINT
    )
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("service concerned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    application = models.ForeignKey(
        "licensing.Application",
        verbose_name=_("application concerned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    title = models.CharField(_("subject"), max_length=200)
    what_happened = models.TextField(_("what happened"))
    remedy_wanted = models.TextField(_("what you would like done"), blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    confidential = models.BooleanField(_("confidential"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone or WhatsApp"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ComplaintStatus, default=ComplaintStatus.RECEIVED
    )
    tier = models.CharField(_("tier"), max_length=16, choices=Tier, blank=True)
    agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
    )
    received_at = models.DateTimeField(auto_now_add=True)
    received_on = models.DateField(help_text="region-local date")
    verification_due_on = models.DateField()
    due_on = models.DateField(_("resolution due"), null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    # Filed more than 30 days after the service (UU 25/2009 Pasal 42): accepted, flagged.
    late_filing = models.BooleanField(default=False)
    escalated = models.BooleanField(default=False)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=ComplaintSource, default=ComplaintSource.WEB)
    # Open311 requests may carry a place.
    address = models.CharField(max_length=300, blank=True)
    lat = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    long = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["region", "status"]),
            models.Index(fields=["agency", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="complaint_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(anonymous=False)
                | models.Q(user__isnull=True, name="", email="", phone=""),
                name="anonymous_keeps_no_identity",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_COMPLAINT

    @property
    def is_public(self) -> bool:
        return not self.confidential

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone)


def _complaint_path(instance, filename: str) -> str:
    return f"complaints/{instance.complaint.received_on:%Y}/{instance.complaint_id}/{filename}"


class ComplaintAttachment(models.Model):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_complaint_path, max_length=200)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    # Checked whenever the file is served and by `files_verify` (ADR 0023).
    sha256 = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return self.name


class ComplaintEvent(models.Model):
    """One step of a complaint's story: a status change or an answer, with its note.
    `public` notes appear on the public page of a non-confidential complaint."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=16, choices=ComplaintStatus)
    note = models.TextField(blank=True)
    public = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.status}"


class Open311ApiKey(models.Model):
    """A key that lets one integrator file Open311 requests for a region (docs/open311.md).
    Only its SHA-256 is kept: the key itself is shown once, when the admin issues it."""

    region = models.ForeignKey(
        "org.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(
        _("integrator"), max_length=200, help_text=_("Who uses the key: an application or body.")
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")
        ordering = ["region", "name"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def digest_of(key: str) -> str:
        import hashlib  # here, not at the top: only this model hashes

        return hashlib.sha256(key.encode()).hexdigest()

    def generate(self) -> str:
        """Give the record a new random key and return it: the only time it is seen."""
        import secrets

        key = f"sp311_{secrets.token_urlsafe(32)}"
        self.digest = self.digest_of(key)
        return key
