"""The satisfaction survey an applicant reaches by the single-use link sent when the case
ended."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from feedback.domain import elements_for, survey_submit
from feedback.forms import SurveyForm
from feedback.models import Channel, SurveyInvitation


@login_not_required  # the single-use link is the key; the applicant need not sign in
def survey(request, token: str):
    invitation = (
        SurveyInvitation.objects.filter(token=token, application__region=request.region)
        .select_related("application__service_version__service")
        .first()
    )
    if invitation is None:
        raise Http404
    service = invitation.application.service_version.service
    context = {"service": service}
    if invitation.used_at is not None:
        context["done"] = _("This survey has been answered already. Thank you.")
        return render(request, "feedback/survey.html", context, status=410)
    elements = elements_for(request.region)
    if not elements:
        context["unavailable"] = _(
            "This survey has no questions yet. Your link stays valid: please try again later."
        )
        return render(request, "feedback/survey.html", context, status=503)
    form = SurveyForm(request.POST or None, elements=elements)
    if request.method == "POST" and form.is_valid():
        try:
            survey_submit(
                region=request.region,
                service=service,
                channel=Channel.ONLINE,
                gender=form.cleaned_data["gender"],
                education=form.cleaned_data["education"],
                occupation=form.cleaned_data["occupation"],
                answers=form.answers(),
                comment=form.cleaned_data["comment"],
                invitation=invitation,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            context["done"] = _("Thank you: your answers are saved.")
    context["form"] = form
    return render(request, "feedback/survey.html", context)
