"""Money as whole rupiah: fields that read `Rp1.250.000` the way people write it."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_rupiah(value: str) -> int:
    """`1.250.000`, `Rp1.250.000`, `1250000` → 1250000. Sen and other separators are refused.

    Django's IntegerField would read `300.000` as 300 (it drops a decimal part); for money
    that is a silent thousandfold error, so the dot is read as the thousands separator.
    """
    text = value.strip().removeprefix("Rp").removeprefix("rp").strip().replace(" ", "")
    if text.isdigit():
        return int(text)
    if _GROUPED.match(text):
        return int(text.replace(".", ""))
    raise ValidationError(
        _("Write the amount in whole rupiah, for example 1.250.000."), code="rupiah"
    )


class RupiahFormField(forms.IntegerField):
    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        return parse_rupiah(str(value))

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "numeric"})
        return attrs


class RupiahField(models.PositiveBigIntegerField):
    """Whole rupiah (never a float); the form accepts `1.250.000`."""

    def formfield(self, **kwargs):
        return super().formfield(
            **{"form_class": RupiahFormField, "widget": forms.TextInput, **kwargs}
        )
