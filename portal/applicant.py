"""The applicant's area: sign-up, profile, document locker, applications."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.models import Service
from core.http import client_address
from licensing import domain, history
from licensing.models import Application, Bill, Document, Permit, Purpose, Status
from org.domain import applicant_activate, applicant_sign_up
from org.models import Business, Person
from portal.accounts import activation_link, mail_allowed
from portal.forms import BusinessForm, LockerUploadForm, PersonForm, SignUpForm

# Sign-up and e-mail verification ---------------------------------------------------------


@login_not_required
def signup(request):
    if request.user.is_authenticated:
        return redirect("account")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The same answer whether or not the address has an account (no enumeration).
        applicant_sign_up(
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            confirmation_link=lambda user: activation_link(request, user),
            reset_link=request.build_absolute_uri(reverse("password_reset")),
            mail_allowed=lambda address: mail_allowed(request, email=address),
        )
        return render(request, "portal/signup_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "portal/signup.html", {"form": form})


@login_not_required
def activate(request, uidb64: str, token: str):
    try:
        user = get_user_model().objects.get(pk=int(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError, get_user_model().DoesNotExist):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "portal/activate_failed.html", status=400)
    if not applicant_activate(user=user):
        return render(
            request,
            "portal/activate_failed.html",
            {"reason": _("This email already belongs to another account.")},
            status=400,
        )
    messages.success(request, _("Your email is confirmed. Sign in to continue."))
    return redirect("login")


# Profile and locker ----------------------------------------------------------------------


def _person(request) -> Person | None:
    return Person.objects.filter(region=request.region, user=request.user).first()


def _valid_in_region(form, field: str) -> bool:
    """Form validation plus the per-region unique constraints the form cannot see."""
    if not form.is_valid():
        return False
    try:
        form.instance.validate_constraints()
    except ValidationError as error:
        for message in error.messages:
            form.add_error(field, message)
        return False
    return True


def profile(request):
    person = _person(request)
    form = PersonForm(request.POST or None, instance=person, prefix="p")
    business = Business.objects.filter(representative=person).first() if person else None
    business_form = BusinessForm(request.POST or None, instance=business, prefix="b")
    wants_business = request.POST.get("has_business") == "on" or business is not None
    if not wants_business:
        for field in business_form.fields.values():
            field.required = False
    if request.method == "POST":
        form.instance.region = request.region
        form.instance.user = request.user
        valid = _valid_in_region(form, "nik")
        if wants_business:
            business_form.instance.region = request.region
            valid = _valid_in_region(business_form, "nib") and valid
        if valid:
            with transaction.atomic():
                person = form.save()
                if wants_business:
                    business_form.instance.representative = person
                    business_form.save()
            messages.success(request, _("Your profile is saved."))
            next_url = request.GET.get("next", "")
            return redirect(
                next_url
                if next_url.startswith("/") and not next_url.startswith("//")
                else "portal:profile"
            )
    return render(
        request,
        "portal/profile.html",
        {"form": form, "business_form": business_form, "has_business": wants_business},
    )


def locker(request):
    form = LockerUploadForm(request.POST or None, request.FILES or None, region=request.region)
    if request.method == "POST" and form.is_valid():
        try:
            domain.document_upload(
                owner=request.user,
                document_type=form.cleaned_data["document_type"],
                upload=form.cleaned_data["file"],
                in_locker=True,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The document is in your locker."))
            return redirect("portal:locker")
    documents = Document.objects.filter(owner=request.user, in_locker=True).select_related(
        "document_type"
    )
    return render(request, "portal/locker.html", {"form": form, "documents": documents})


# Applications ----------------------------------------------------------------------------


def my_applications(request):
    applications = (
        Application.objects.of_applicant(request.user)
        .filter(region=request.region)
        .select_related("service_version__service", "permit")
    )
    return render(request, "portal/applications.html", {"applications": applications})


def application_new(request, code: str):
    service = get_object_or_404(Service, region=request.region, code=code, is_active=True)
    if request.method != "POST":
        # Signing in from the "apply" button comes back here with a GET: show the service.
        return redirect("portal:service_detail", code=code)
    person = _person(request)
    if person is None:
        messages.info(
            request, _("Complete your profile first; applications are filed in your name.")
        )
        return redirect(
            reverse("portal:profile") + f"?next={reverse('portal:service_detail', args=[code])}"
        )
    business = (
        Business.objects.filter(representative=person).first()
        if request.POST.get("as_business")
        else None
    )
    draft = (
        Application.objects.of_applicant(request.user)
        .filter(status=Status.DRAFT, service_version__service=service, purpose=Purpose.NEW)
        .first()
    )
    if draft is not None:
        return redirect("portal:application_edit", pk=draft.pk)
    try:
        application = domain.application_start(
            owner=request.user, person=person, service=service, business=business
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("portal:service_detail", code=code)
    return redirect("portal:application_edit", pk=application.pk)


def _own(request, pk: int, *, for_action: bool = False) -> Application:
    """The user's own application, or 404 (never 403: its existence is not revealed).

    An action reads only its status here: the domain function locks and reads the rest.
    """
    applications = Application.objects.of_applicant(request.user).filter(
        pk=pk, region=request.region
    )
    if for_action:
        applications = applications.only("pk", "status", "owner_id")
    else:
        applications = applications.select_related("service_version__service", "person", "region")
    application = applications.first()
    if application is None:
        raise Http404
    return application


def _correction(application):
    return (
        application.corrections.filter(resolved_at__isnull=True).prefetch_related("items").first()
    )


def application_edit(request, pk: int):
    application = _own(request, pk)
    if application.status not in (Status.DRAFT, Status.RETURNED):
        return redirect("portal:application_detail", pk=pk)
    version = application.service_version
    correction = _correction(application) if application.status == Status.RETURNED else None
    flagged_fields = (
        {i.field_key for i in correction.items.all() if i.field_key} if correction else None
    )
    flagged_requirements = (
        {i.requirement_id for i in correction.items.all() if i.requirement_id}
        if correction
        else None
    )
    form_class = version.application_form_class()
    form = form_class(request.POST or None, initial=application.form_data, prefix="f")
    if flagged_fields is not None:
        for key, field in form.fields.items():
            field.disabled = key not in flagged_fields
    requirements = version.requirement_list()
    locker = None
    upload_errors: dict[int, list[str]] = {}
    if request.method == "POST":
        if any(key.startswith("locker-") and value for key, value in request.POST.items()):
            locker = _locker(request.user)
        data = {
            key: request.POST.get(f"f-{key}", "")
            for key in form.fields
            if not form.fields[key].disabled
        }
        attachments = {}
        for requirement in requirements:
            if flagged_requirements is not None and requirement.pk not in flagged_requirements:
                continue
            upload = request.FILES.get(f"doc-{requirement.pk}")
            chosen = request.POST.get(f"locker-{requirement.pk}", "")
            if upload:
                attachments[requirement] = upload
            elif chosen.isdigit():
                document = next((d for d in locker if d.pk == int(chosen)), None)
                if document is None:
                    upload_errors[requirement.pk] = [_("That document is not in your locker.")]
                else:
                    attachments[requirement] = document
        if not upload_errors:
            try:
                domain.application_fill(
                    application=application,
                    actor=request.user,
                    values=data,
                    attachments=attachments,
                )
            except ValidationError as error:
                if not hasattr(error, "error_dict"):  # the application moved on meanwhile
                    messages.error(request, " ".join(error.messages))
                    return redirect("portal:application_detail", pk=pk)
                for key, problems in error.message_dict.items():
                    upload_errors[int(key.removeprefix("doc-"))] = problems
        if upload_errors:
            messages.error(
                request,
                _("Nothing was saved: fix the marked documents, then choose the files again."),
            )
        else:
            if "review" in request.POST:
                return redirect("portal:application_review", pk=pk)
            messages.success(request, _("Saved. You can come back and finish later."))
            return redirect("portal:application_edit", pk=pk)
    if locker is None:
        locker = _locker(request.user)
    attached = {
        a.requirement_id: a.document for a in application.documents.select_related("document")
    }
    rows = [
        {
            "requirement": requirement,
            "document": attached.get(requirement.pk),
            "choices": [d for d in locker if d.document_type_id == requirement.document_type_id],
            "errors": upload_errors.get(requirement.pk, []),
            "editable": flagged_requirements is None or requirement.pk in flagged_requirements,
        }
        for requirement in requirements
    ]
    return render(
        request,
        "portal/application_edit.html",
        {"application": application, "form": form, "rows": rows, "correction": correction},
    )


def _locker(user) -> list[Document]:
    return list(Document.objects.filter(owner=user, in_locker=True).select_related("document_type"))


def application_review(request, pk: int):
    application = _own(request, pk)
    if application.status not in (Status.DRAFT, Status.RETURNED):
        return redirect("portal:application_detail", pk=pk)
    errors = domain.application_errors(application)
    form = application.service_version.application_form_class()(application.form_data)
    fee = None
    if not form.errors:
        try:
            fee = application.service_version.fee_for(form.cleaned_data)
        except ValidationError:
            fee = None
    return render(
        request,
        "portal/application_review.html",
        {
            "application": application,
            "form": form,
            "errors": errors,
            "answers": application.service_version.answers(application.form_data),
            "fee": fee,
            "documents": application.documents.select_related(
                "requirement__document_type", "document"
            ),
        },
    )


@require_POST
def application_submit(request, pk: int):
    application = _own(request, pk, for_action=True)
    try:
        if application.status == Status.RETURNED:
            domain.application_resubmit(
                application=application, actor=request.user, client_address=client_address(request)
            )
            messages.success(request, _("Your correction is submitted; the clock runs again."))
            return redirect("portal:application_detail", pk=pk)
        application, pin = domain.application_submit(
            application=application, actor=request.user, client_address=client_address(request)
        )
    except ValidationError as error:
        messages.error(
            request,
            _("The application is not complete yet: %(errors)s")
            % {"errors": " ".join(error.messages)},
        )
        return redirect("portal:application_review", pk=pk)
    if pin:
        request.session[f"pin-{application.pk}"] = pin
    return redirect("portal:application_receipt", pk=pk)


def application_receipt(request, pk: int):
    application = _own(request, pk)
    if application.registration_number is None:
        return redirect("portal:application_edit", pk=pk)
    pin = request.session.pop(f"pin-{application.pk}", None)
    return render(
        request, "portal/application_receipt.html", {"application": application, "pin": pin}
    )


def application_detail(request, pk: int):
    application = _own(request, pk)
    return render(
        request,
        "portal/application_detail.html",
        {
            "application": application,
            "tasks": application.tasks.select_related("agency"),
            "correction": _correction(application),
            "permit": Permit.objects.filter(application=application).first(),
            "bill": Bill.objects.filter(application=application).first(),
            "complaints": application.complaints.filter(user=request.user),
            "bank_simulator": settings.SATUPINTU_BANK_SIMULATOR,
            "fee_due": application.fee_due() if application.status == Status.APPROVED else 0,
            "documents": application.documents.select_related(
                "requirement__document_type", "document"
            ),
            "history": history.case_history(application, for_applicant=True),
        },
    )


@require_POST
def application_withdraw(request, pk: int):
    application = _own(request, pk)
    try:
        domain.application_withdraw(
            application=application,
            actor=request.user,
            reason=request.POST.get("reason", "")[:500],
            client_address=client_address(request),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The application is withdrawn."))
    return redirect("portal:application_detail", pk=pk)
