"""Forms of the public portal."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Category, VersionStatus, WorkflowTask
from org.domain import unconfirmed_account
from org.models import Agency


class CatalogSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    instansi = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("All agencies"),
    )
    kategori = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All categories")), *Category.choices], required=False
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        # Agencies that answer for a service or take part in one's workflow.
        in_workflows = WorkflowTask.objects.filter(
            version__status=VersionStatus.PUBLISHED, version__service__region=region
        ).values("agency")
        self.fields["instansi"].queryset = (
            Agency.objects.in_region(region)
            .filter(Q(services__isnull=False) | Q(pk__in=in_workflows))
            .distinct()
            .order_by("name")
        )
        self.fields["q"].widget.attrs.update(
            {"placeholder": _("For example: dokter, reklame, sekolah"), "type": "search"}
        )


class LoginForm(AuthenticationForm):
    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            from portal.accounts import send_confirmation

            pending = unconfirmed_account(
                self.cleaned_data.get("username", ""), self.cleaned_data.get("password", "")
            )
            if pending is None:
                raise
            send_confirmation(self.request, pending)
            raise forms.ValidationError(
                _(
                    "This account is not confirmed yet. We sent the confirmation link to "
                    "your email again; open it, then sign in."
                ),
                code="inactive",
            ) from None

    error_messages = {
        "invalid_login": _(
            "Enter a correct username or email and password. Capitals matter in the password."
        ),
        "inactive": _("This account is inactive."),
    }


class SignUpForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput, strip=False)

    def clean_email(self):
        # Whether the address has an account is never said here (portal.accounts).
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.password_validation import validate_password

        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            user = get_user_model()(
                username=cleaned.get("email", ""), email=cleaned.get("email", "")
            )
            try:
                validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class PersonForm(forms.ModelForm):
    class Meta:
        from org.models import Person

        model = Person
        fields = ["nik", "name", "address", "phone", "email"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


class BusinessForm(forms.ModelForm):
    class Meta:
        from org.models import Business

        model = Business
        fields = ["nib", "npwp", "name", "address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


class LockerUploadForm(forms.Form):
    document_type = forms.ModelChoiceField(
        label=_("Document"), queryset=None, empty_label=_("Choose a document")
    )
    file = forms.FileField(label=_("File (PDF, JPEG or PNG)"))

    def __init__(self, *args, region, **kwargs):
        from catalog.models import DocumentType

        super().__init__(*args, **kwargs)
        self.fields["document_type"].queryset = DocumentType.objects.filter(
            region=region, is_identity=True
        )


class TrackingForm(forms.Form):
    number = forms.CharField(label=_("Registration number"), max_length=60)
    pin = forms.CharField(
        label=_("PIN"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
