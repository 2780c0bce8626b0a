"""The survey form: one question per element (radio buttons 1 to 4 with the element's own
answer labels), the respondent profile and an optional comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.models import Classification, Education, Gender, Occupation


class SurveyForm(forms.Form):
    gender = forms.ChoiceField(label=_("Sex"), choices=Gender.choices, widget=forms.RadioSelect)
    # No answer chosen in advance: a pre-selected "SD" or "PNS" would skew the profile.
    education = forms.ChoiceField(
        label=_("Education"), choices=[("", _("— choose —")), *Education.choices]
    )
    occupation = forms.ChoiceField(
        label=_("Occupation"), choices=[("", _("— choose —")), *Occupation.choices]
    )
    comment = forms.CharField(
        label=_("Comment or suggestion (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, elements, **kwargs):
        super().__init__(*args, **kwargs)
        self.elements = elements
        for element in elements:
            self.fields[element.code] = forms.TypedChoiceField(
                label=element.question,
                choices=element.answers,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose one answer.")},
            )

    def questions(self):
        return [(element, self[element.code]) for element in self.elements]

    def profile_fields(self):
        return [self["gender"], self["education"], self["occupation"], self["comment"]]

    def answers(self) -> dict[str, int]:
        return {element.code: self.cleaned_data[element.code] for element in self.elements}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ComplaintForm(forms.Form):
    """A complaint, an aspiration or a request for information, from anyone."""

    classification = forms.ChoiceField(
        label=_("What is it?"), choices=Classification.choices, widget=forms.RadioSelect
    )
    service = forms.ModelChoiceField(
        label=_("Service concerned (optional)"), queryset=None, required=False
    )
    application = forms.ModelChoiceField(
        label=_("Your application concerned (optional)"), queryset=None, required=False
    )
    title = forms.CharField(label=_("Subject"), max_length=200)
    what_happened = forms.CharField(
        label=_("What happened"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("When, where, who: what you saw, without personal data of others."),
    )
    remedy_wanted = forms.CharField(
        label=_("What you would like done (optional)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    address = forms.CharField(
        label=_("Where (optional: an address or a place)"), max_length=300, required=False
    )
    attachments = MultipleFileField(
        label=_("Attachments (optional: PDF, JPEG or PNG, at most 3)"), required=False
    )
    anonymous = forms.BooleanField(
        label=_(
            "Anonymous: keep no identity at all (you follow it only with the number and secret)"
        ),
        required=False,
    )
    confidential = forms.BooleanField(
        label=_("Confidential: not shown publicly, and your identity is hidden from the agency"),
        required=False,
    )
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone or WhatsApp"), max_length=30, required=False)

    def __init__(self, *args, region, user, **kwargs):
        super().__init__(*args, **kwargs)
        from catalog.models import Service
        from licensing.models import Application

        self.fields["service"].queryset = Service.objects.filter(region=region, is_active=True)
        if getattr(user, "is_authenticated", False):
            self.fields["application"].queryset = Application.objects.filter(
                region=region, owner=user
            ).exclude(registration_number=None)
            self.fields["application"].label_from_instance = lambda a: (
                f"{a.registration_number} · {a.service_version.service.name}"
            )
        else:
            del self.fields["application"]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("anonymous") and not (
            cleaned.get("name", "").strip()
            and (cleaned.get("email") or cleaned.get("phone", "").strip())
        ):
            raise forms.ValidationError(
                _("Write your name and an e-mail or phone number, or file anonymously.")
            )
        return cleaned


class InformationForm(forms.Form):
    information = forms.CharField(
        label=_("Information the administrator asked for"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was your report handled?"),
        choices=[
            (1, _("★ 1: very poor")),
            (2, _("★★ 2: poor")),
            (3, _("★★★ 3: fair")),
            (4, _("★★★★ 4: good")),
            (5, _("★★★★★ 5: very good")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TrackComplaintForm(forms.Form):
    number = forms.CharField(label=_("Tracking number"), max_length=40)
    secret = forms.CharField(label=_("Secret"), max_length=40)
