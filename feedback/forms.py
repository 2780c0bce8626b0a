"""The survey form: one question per element (radio buttons 1 to 4 with the element's own
answer labels), the respondent profile and an optional comment."""

from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.models import Education, Gender, Occupation


class SurveyForm(forms.Form):
    gender = forms.ChoiceField(label=_("Sex"), choices=Gender.choices, widget=forms.RadioSelect)
    education = forms.ChoiceField(label=_("Education"), choices=Education.choices)
    occupation = forms.ChoiceField(label=_("Occupation"), choices=Occupation.choices)
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
