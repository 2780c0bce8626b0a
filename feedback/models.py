"""Satisfaction surveys (SKM, PermenPAN-RB 14/2017): the elements a region asks about,
single-use invitations after a case ends, and the responses with their answers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    ONLINE = "online", _("Online, after the case")
    KIOSK = "kiosk", _("Kiosk at the service counter")


class Gender(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


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
    PRIVATE = "swasta", _("Private employee")
    ENTREPRENEUR = "wirausaha", _("Entrepreneur")
    OTHER = "lainnya", _("Other")


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
    gender = models.CharField(_("sex"), max_length=1, choices=Gender)
    education = models.CharField(_("education"), max_length=6, choices=Education)
    occupation = models.CharField(_("occupation"), max_length=10, choices=Occupation)
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
