"""The planning screens' forms: imports, constraint rules, and a scenario's moves, rumpun
and money changes."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from org.models import Agency
from planning import codes as planning_codes
from planning.imports import check_file_size
from planning.models import (
    AdjustmentScope,
    ConstraintRule,
    NomenclatureVersion,
    Rumpun,
    Stage,
    SubKegiatanTag,
)
from planning.rumpun.lines import AKUN_GROUPS


def _not_too_large(upload) -> None:
    check_file_size(upload.size)  # SATUPINTU_IMPORT_MAX_MB, the limit the import keeps


def _upload_field():
    return forms.FileField(label=gettext_lazy("File (CSV or XLSX)"), validators=[_not_too_large])


class NomenclatureForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Version name"), max_length=200)
    file = _upload_field()


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    stage = forms.ChoiceField(label=gettext_lazy("Stage"), choices=Stage.choices)
    nomenclature = forms.ModelChoiceField(
        label=gettext_lazy("Nomenclature version"),
        queryset=NomenclatureVersion.objects.all(),
        empty_label=None,  # the newest version is chosen
    )
    file = _upload_field()
    sheet = forms.CharField(
        label=gettext_lazy("Sheet"),
        max_length=100,
        required=False,
        help_text=gettext_lazy(
            "Only for an XLSX with several sheets: the name of the one to import."
        ),
    )


class RuleForm(forms.ModelForm):
    class Meta:
        model = ConstraintRule
        fields = ["name", "akun_group", "max_share"]
        widgets = {"max_share": forms.TextInput(attrs={"inputmode": "decimal"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["akun_group"] = forms.ChoiceField(
            label=gettext_lazy("Akun group"),
            choices=[(name, name) for _prefix, name in AKUN_GROUPS],
        )
        self.fields["max_share"].localize = True
        self.fields["max_share"].min_value = 0
        self.fields["max_share"].max_value = 100


class TagsForm(forms.Form):
    file = _upload_field()


class AgenciesForm(forms.Form):
    file = _upload_field()


class MoveForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Agency"), queryset=Agency.objects.none(), empty_label=None
    )
    to = forms.ModelChoiceField(
        label=gettext_lazy("Into rumpun"), queryset=Rumpun.objects.none(), empty_label=None
    )
    weight = forms.DecimalField(
        localize=True,  # "0,5" as Indonesians write it
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        label=gettext_lazy("Weight there (1: wholly; less: also stays where it is)"),
        min_value=Decimal("0.01"),
        max_value=1,
        decimal_places=2,
        initial=1,
    )

    def __init__(self, *args, scenario, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(region=scenario.region)
        self.fields["to"].queryset = scenario.rumpun.all()


class RumpunForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the new rumpun"), max_length=200)


NEEDS_CODE = (AdjustmentScope.SUB_KEGIATAN, AdjustmentScope.LINE)


class AdjustmentForm(forms.Form):
    """What to change, picked from lists (akun group, rumpun, agency, tag) or, for a sub
    kegiatan or a single line, written as its code or number."""

    applies_to = forms.ChoiceField(label=gettext_lazy("Applies to"))
    code = forms.CharField(
        label=gettext_lazy("Sub kegiatan code or line number (only for those two)"),
        max_length=200,
        required=False,
    )
    percent = forms.DecimalField(
        label=gettext_lazy("Percent"),
        max_digits=6,
        decimal_places=2,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    amount = forms.DecimalField(
        label=gettext_lazy("Amount (rupiah)"),
        max_digits=18,
        decimal_places=2,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def __init__(self, *args, scenario, budget, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = budget
        region = scenario.region
        groups = [name for _prefix, name in AKUN_GROUPS]
        tags = (
            SubKegiatanTag.objects.filter(region=region)
            .values_list("tag", flat=True)
            .distinct()
            .order_by("tag")
        )
        self.fields["applies_to"].choices = [
            (_("Akun group"), [(f"akun_group:{g}", g) for g in groups]),
            (_("Rumpun"), [(f"rumpun:{r.pk}", r.name) for r in scenario.rumpun.all()]),
            (
                _("Agency"),
                [(f"agency:{a.pk}", a.short_name) for a in Agency.objects.filter(region=region)],
            ),
            (_("Tag"), [(f"tag:{t}", t) for t in tags]),
            (
                _("Written below"),
                [
                    ("sub_kegiatan:", _("A sub kegiatan (its code below)")),
                    ("line:", _("One budget line (its number below)")),
                ],
            ),
        ]

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("percent") is None) == (cleaned.get("amount") is None):
            raise ValidationError(_("Give either a percent or an amount."))
        scope, _sep, target = cleaned.get("applies_to", "").partition(":")
        if scope in NEEDS_CODE:
            target = self._target(scope, cleaned.get("code", "").strip())
        cleaned["scope"], cleaned["target"] = scope, target
        return cleaned

    def _target(self, scope: str, written: str) -> str:
        """A sub kegiatan code in any written form, or a line number, that the budget has."""
        lines = self.budget.lines
        if scope == AdjustmentScope.LINE:
            if not (written.isdigit() and lines.filter(pk=int(written)).exists()):
                self.add_error("code", _("This budget has no line %(n)s.") % {"n": written})
            return written
        try:
            code = planning_codes.parse(written).code
        except ValidationError:
            code = written
        if not lines.filter(sub_kegiatan=code).exists():
            self.add_error(
                "code", _("This budget funds no sub kegiatan %(code)s.") % {"code": written}
            )
        return code


NEW_AGENCY = "new"


class AgencyMappingForm(forms.Form):
    """One agency a budget file names: which of the region's agencies it is, or a new one.
    The name, code and bidang come back as the import found them; the agency the planner
    chooses is checked to be the region's."""

    name = forms.CharField(max_length=300, required=False, widget=forms.HiddenInput)
    code = forms.CharField(max_length=40, required=False, widget=forms.HiddenInput)
    bidang = forms.CharField(max_length=4, required=False, widget=forms.HiddenInput)
    target = forms.ChoiceField(label=gettext_lazy("Is this agency"))

    def __init__(self, *args, agencies, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies = {str(agency.pk): agency for agency in agencies}
        suggested = [
            (str(pk), f"{name} ({score}%)")
            for pk, name, score in suggestions
            if str(pk) in self.agencies
        ]
        others = [
            (pk, agency.name)
            for pk, agency in self.agencies.items()
            if pk not in {choice for choice, _label in suggested}
        ]
        self.fields["target"].choices = [
            (NEW_AGENCY, _("A new agency of this region")),
            *([(_("Closest"), suggested)] if suggested else []),
            *([(_("Other agencies"), others)] if others else []),
        ]

    def clean(self):
        data = super().clean()
        if not (data.get("name") or data.get("code")):
            raise ValidationError(_("The agency has neither a name nor a code."))
        target = data.get("target")
        data["agency"] = None if target == NEW_AGENCY else self.agencies.get(target)
        return data


class _AgencyMappingFormSet(forms.BaseFormSet):
    def __init__(self, *args, agencies, suggestions=None, **kwargs):
        self.agencies, self.suggestions = agencies, suggestions or {}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {
            "agencies": self.agencies,
            "suggestions": self.suggestions.get(index, ()),
        }


AgencyMappingFormSet = forms.formset_factory(
    AgencyMappingForm, formset=_AgencyMappingFormSet, extra=0, max_num=500, validate_max=True
)
