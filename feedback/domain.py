"""Survey workflows: the region's elements, the invitation when a case ends, and a response
saved whole or not at all."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from feedback.models import SurveyAnswer, SurveyElement, SurveyInvitation, SurveyResponse
from feedback.standard import NINE

NO_ELEMENTS = gettext_lazy(
    "The survey has no questions yet: the region administrator sets up the survey "
    "elements in the configuration screens."
)


@transaction.atomic
def survey_elements_ensure(*, region) -> int:
    """Give the region the nine standard elements it lacks (when it is set up: on creation,
    by a data migration for older regions, by the demo loader); returns how many were
    added. An element the region edited or stopped asking is left as it is."""
    present = set(SurveyElement.objects.filter(region=region).values_list("code", flat=True))
    missing = [item for item in NINE if item[0] not in present]
    SurveyElement.objects.bulk_create(
        [
            SurveyElement(
                region=region,
                code=code,
                name=name,
                question=question,
                answer_1=answers[0],
                answer_2=answers[1],
                answer_3=answers[2],
                answer_4=answers[3],
                order=int(code[1:]),
            )
            for code, name, question, answers in missing
        ],
        ignore_conflicts=True,  # two at once
    )
    return len(missing)


def survey_elements_on_region_created(sender, *, instance, created, raw=False, **kwargs) -> None:
    """Receiver of `post_save` for `org.Region`: a new region starts with the standard
    elements (org does not know feedback)."""
    if created and not raw:
        survey_elements_ensure(region=instance)


def elements_for(region) -> list[SurveyElement]:
    """The elements asked in this region, read only: the standard ones in their order (a
    region stops asking one by making it inactive), then the region's own. Empty when the
    region asks nothing, and then no survey can be answered."""
    return list(SurveyElement.objects.filter(region=region, active=True))


def survey_invite_on_case_end(sender, *, application, **kwargs) -> None:
    """Receiver of `licensing.signals.application_ended`: the ended case's survey link."""
    survey_invite(application=application)


def survey_invite(*, application) -> SurveyInvitation:
    """A single-use survey link for the applicant of a case that has ended (once)."""
    from licensing import notify

    invitation, created = SurveyInvitation.objects.get_or_create(
        application=application, defaults={"token": secrets.token_urlsafe(32)}
    )
    if created:
        with translation.override("id"):
            link = settings.SATUPINTU_BASE_URL + reverse("portal:survey", args=[invitation.token])
            subject = _("How was our service? (%(number)s)") % {
                "number": application.registration_number or ""
            }
            body = _(
                "Your application for %(service)s has ended. Please tell us how we served "
                "you: a few short questions, about two minutes, at %(link)s (the link works "
                "once)."
            ) % {"service": application.service_version.service.name, "link": link}
        notify.applicant(application, key=f"survey:{application.pk}", subject=subject, body=body)
    return invitation


@transaction.atomic
def survey_submit(
    *,
    region,
    service,
    channel: str,
    gender: str,
    education: str,
    occupation: str,
    answers: dict[str, int],
    comment: str = "",
    invitation: SurveyInvitation | None = None,
    actor=None,
) -> SurveyResponse:
    """Save one response with an answer (1 to 4) for every element asked; a used link is
    refused. All or nothing."""
    application = None
    if invitation is not None:
        invitation = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.used_at is not None:
            raise ValidationError(
                _("This survey link has been used already: one link, one answer.")
            )
        application = invitation.application
        service = application.service_version.service
    elements = elements_for(region)
    if not elements:
        raise ValidationError(NO_ELEMENTS)
    problems = [
        element.code for element in elements if answers.get(element.code) not in (1, 2, 3, 4)
    ]
    if problems:
        raise ValidationError(
            _("Choose one answer, 1 to 4, for every question (%(codes)s).")
            % {"codes": ", ".join(problems)}
        )
    response = SurveyResponse.objects.create(
        region=region,
        service=service,
        agency_id=service.responsible_agency_id,
        application=application,
        channel=channel,
        submitted_on=region.today(),
        gender=gender,
        education=education,
        occupation=occupation,
        comment=comment.strip()[:2000],
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(response=response, element=element, score=answers[element.code])
        for element in elements
    )
    if invitation is not None:
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
    return response
