"""Forms of the public portal."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.models import Category, VersionStatus, WorkflowTask
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
    error_messages = {
        "invalid_login": _(
            "Please enter a correct %(username)s and password. Note that both fields may be "
            "case-sensitive."
        ),
        "inactive": _("This account is inactive."),
    }
