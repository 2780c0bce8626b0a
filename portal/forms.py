"""Forms of the public portal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Category
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
        self.fields["instansi"].queryset = (
            Agency.objects.in_region(region)
            .filter(services__isnull=False)
            .distinct()
            .order_by("name")
        )
        self.fields["q"].widget.attrs.update(
            {"placeholder": _("For example: dokter, reklame, sekolah"), "type": "search"}
        )
