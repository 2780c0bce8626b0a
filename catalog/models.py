"""Services, their published standard and immutable versions (requirements, form, workflow, fee)."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalog.fees import FeeFormula
from core.money import RupiahField, RupiahFormField
from core.numbers import check_pattern
from org.models import Agency, Region, Role


class ImmutableVersionError(Exception):
    """A published service version was about to change."""


class Category(models.TextChoices):
    BUSINESS = "perizinan_berusaha", _("Perizinan berusaha")
    NON_BUSINESS = "perizinan_non_berusaha", _("Perizinan non-berusaha")
    NON_PERMIT = "non_perizinan", _("Non-perizinan")


class DocumentType(models.Model):
    """A kind of document an applicant brings (KTP, NPWP, ijazah, denah lokasi…)."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="document_types"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    is_identity = models.BooleanField(
        _("reusable identity document"),
        default=False,
        help_text=_(
            "Kept in the applicant's locker and reused once verified (KTP, NPWP, NIB, akta)."
        ),
    )

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "code"],
                name="document_type_code_per_region",
                violation_error_message=_("Another document type of this region has this code."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ServiceQuerySet(models.QuerySet):
    def published(self) -> "ServiceQuerySet":
        return self.filter(is_active=True, versions__status=VersionStatus.PUBLISHED)


class Service(models.Model):
    """A regional permit or non-permit service; its content lives in versions."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="services"
    )
    code = models.SlugField(
        _("code"), max_length=40, help_text=_("Short and stable, used in addresses: sip-dokter.")
    )
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=24, choices=Category)
    responsible_agency = models.ForeignKey(
        Agency,
        verbose_name=_("responsible agency"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    is_active = models.BooleanField(_("offered"), default=True)

    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "code"],
                name="service_code_per_region",
                violation_error_message=_("Another service of this region has this code."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.region_id
            and self.responsible_agency_id
            and self.responsible_agency.region_id != self.region_id
        ):
            raise ValidationError(
                {"responsible_agency": _("The agency belongs to another region.")}
            )

    @property
    def published_version(self) -> "ServiceVersion | None":
        return self.versions.filter(status=VersionStatus.PUBLISHED).first()


# The number of an issued document when its version sets no pattern of its own.
PERMIT_NUMBER_PATTERN = "503/{seq:04d}/{service}/{year}"

# Parts of published (immutable) versions, built once per process: the application form
# class, the requirements, the workflow template.
_PUBLISHED_PARTS: dict[tuple, object] = {}


def forget_published_parts() -> None:
    _PUBLISHED_PARTS.clear()


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Replaced")


class FeeKind(models.TextChoices):
    FREE = "free", _("Free")
    FLAT = "flat", _("Flat amount")
    FORMULA = "formula", _("Formula over form fields")


class DeemedApproval(models.TextChoices):
    FLAG = "flag", _("Flag the case for the official")
    APPROVE = "approve", _("Approve automatically")


class ServiceVersion(models.Model):
    """One version of a service's standard. Published versions never change."""

    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=VersionStatus,
        default=VersionStatus.DRAFT,
        editable=False,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, editable=False
    )
    # Service delivery components (PermenPAN-RB 15/2014), published.
    procedure = models.TextField(
        _("system, mechanism and procedure"),
        blank=True,
        help_text=_("What the applicant does, beyond the stages listed from the workflow."),
    )
    sla_days = models.PositiveSmallIntegerField(
        _("completion time (working days)"), validators=[MinValueValidator(1)]
    )
    correction_days = models.PositiveSmallIntegerField(
        _("correction window (working days)"),
        default=10,
        validators=[MinValueValidator(1)],
        help_text=_("How long an applicant has to fix a returned application before it lapses."),
    )
    deemed_approval = models.CharField(
        _("when the decision deadline passes"),
        max_length=8,
        choices=DeemedApproval,
        default=DeemedApproval.FLAG,
        help_text=_("Fiktif positif: flag the case, or approve it automatically."),
    )
    product = models.TextField(_("service product"))
    permit_title = models.CharField(
        _("title of the issued document"),
        max_length=200,
        blank=True,
        help_text=_("As printed, e.g. IZIN TEMPAT KHUSUS PARKIR; empty: the service's name."),
    )
    permit_number_pattern = models.CharField(
        _("number pattern of the issued document"),
        max_length=100,
        blank=True,
        default=PERMIT_NUMBER_PATTERN,
        help_text=_("Uses {seq}, and may use {year}, {region} and {service}."),
    )
    permit_conditions = models.TextField(
        _("conditions printed on the issued document"),
        blank=True,
        help_text=_("One condition per line."),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("validity (months)"),
        null=True,
        blank=True,
        help_text=_("Empty when the product does not expire."),
    )
    complaint_channel = models.TextField(_("complaints, suggestions and input"))
    # Internal management components.
    legal_basis = models.TextField(_("legal basis"), help_text=_("One regulation per line."))
    delegation_decree = models.CharField(
        _("delegation decree"),
        max_length=300,
        blank=True,
        help_text=_("The kepala daerah's decree delegating this authority to the PTSP."),
    )
    facilities = models.TextField(_("facilities and infrastructure"), blank=True)
    staff_competence = models.TextField(_("competence of staff"), blank=True)
    internal_supervision = models.TextField(_("internal supervision"), blank=True)
    staff_count = models.TextField(_("number of staff"), blank=True)
    service_guarantee = models.TextField(_("service guarantee"), blank=True)
    security_guarantee = models.TextField(_("security and safety guarantee"), blank=True)
    performance_evaluation = models.TextField(_("evaluation of staff performance"), blank=True)
    # Fee rule.
    fee_kind = models.CharField(_("fee"), max_length=8, choices=FeeKind, default=FeeKind.FREE)
    fee_amount = RupiahField(_("flat fee (rupiah)"), null=True, blank=True)
    fee_formula = models.CharField(
        _("fee formula"),
        max_length=500,
        blank=True,
        help_text=_("For example: luas_m2 * lama_hari * tarif_lokasi[kelas_lokasi]"),
    )
    fee_tables = models.JSONField(
        _("tariff tables"),
        default=dict,
        blank=True,
        help_text=_('For example: {"tarif_lokasi": {"a": 15000, "b": 10000}}'),
    )
    fee_table_labels = models.JSONField(
        _("tariff table names"),
        default=dict,
        blank=True,
        help_text=_('For example: {"tarif_lokasi": "Tarif per m² per hari"}'),
    )
    fee_basis = models.CharField(
        _("fee regulation"),
        max_length=300,
        blank=True,
        help_text=_("The Perda that sets the retribusi."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("service version")
        verbose_name_plural = _("service versions")
        ordering = ["service", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["service", "number"], name="version_number_once"),
            models.UniqueConstraint(
                fields=["service"],
                condition=models.Q(status="published"),
                name="one_published_version",
            ),
            models.UniqueConstraint(
                fields=["service"], condition=models.Q(status="draft"), name="one_draft_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} (v{self.number}, {self.get_status_display()})"

    def save(self, *args, **kwargs) -> None:
        if self.pk:
            stored = (
                ServiceVersion.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            )
            if stored not in (None, VersionStatus.DRAFT):
                raise ImmutableVersionError(f"version {self.pk} is {stored} and cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.status != VersionStatus.DRAFT:
            raise ImmutableVersionError(f"version {self.pk} is {self.status} and cannot be deleted")
        return super().delete(*args, **kwargs)

    @property
    def is_editable(self) -> bool:
        return self.status == VersionStatus.DRAFT

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if (
            self.service_id
            and self.status == VersionStatus.DRAFT
            and self.service.versions.filter(status=VersionStatus.DRAFT)
            .exclude(pk=self.pk)
            .exists()
        ):
            errors["service"] = [
                _("This service already has a draft; edit that draft instead of adding another.")
            ]
        if self.fee_kind == FeeKind.FLAT and not self.fee_amount:
            errors["fee_amount"] = [_("A flat fee needs an amount above zero.")]
        if self.fee_kind == FeeKind.FORMULA:
            if not self.fee_formula:
                errors["fee_formula"] = [_("A fee by formula needs a formula.")]
            else:
                try:
                    FeeFormula.parse(self.fee_formula)
                except ValidationError as error:
                    errors["fee_formula"] = error.messages
        if not isinstance(self.fee_tables, dict) or not all(
            isinstance(table, dict)
            and all(isinstance(amount, int) and amount >= 0 for amount in table.values())
            for table in self.fee_tables.values()
        ):
            errors["fee_tables"] = [
                _("Tariff tables map a table name to {code: whole rupiah amount}.")
            ]
        try:
            check_pattern(self.permit_number_pattern or PERMIT_NUMBER_PATTERN)
        except ValidationError as error:
            errors["permit_number_pattern"] = error.messages
        if errors:
            raise ValidationError(errors)

    # Derived views of the workflow and fee, used by pages and later by cases.
    def stages(self) -> list["Stage"]:
        return group_stages(list(self.tasks.select_related("agency")))

    @property
    def technical_agencies(self) -> list[Agency]:
        seen: dict[int, Agency] = {}
        for task in self.tasks.select_related("agency"):
            if task.agency_id != self.service.responsible_agency_id:
                seen.setdefault(task.agency_id, task.agency)
        return list(seen.values())

    def fee_for(self, values: dict) -> int:
        """The retribusi in whole rupiah for an application's form values."""
        if self.fee_kind == FeeKind.FREE:
            return 0
        if self.fee_kind == FeeKind.FLAT:
            return self.fee_amount or 0
        return FeeFormula.parse(self.fee_formula).evaluate(values, self.fee_tables)

    def application_form_class(self) -> type[forms.Form]:
        """A Django form that validates an application against this version's fields.

        A published version never changes, so each process builds its form once.
        """
        return self._once(
            "form",
            lambda: type(
                "ApplicationForm",
                (forms.Form,),
                {field.key: field.form_field() for field in self.fields.all()},
            ),
        )

    def requirement_list(self) -> list["Requirement"]:
        """The required documents with their types, in order (read-only)."""
        return self._once(
            "requirements", lambda: list(self.requirements.select_related("document_type"))
        )

    def task_list(self) -> list["WorkflowTask"]:
        """The workflow template's tasks (read-only)."""
        return self._once("tasks", lambda: list(self.tasks.all()))

    def _once(self, part: str, build):
        """A part of a published version, built once per process: it never changes."""
        if self.status == VersionStatus.DRAFT:
            return build()
        key = (self.pk, self.published_at, part)
        if key not in _PUBLISHED_PARTS:
            _PUBLISHED_PARTS[key] = build()
        return _PUBLISHED_PARTS[key]

    def answers(self, form_data: dict) -> list[tuple[str, str]]:
        """(label, shown value) per form field, with choice labels instead of codes."""
        shown = []
        for field in self.fields.all():
            value = form_data.get(field.key, "")
            if field.kind == FieldKind.CHOICE:
                value = dict(field.choice_list()).get(value, value)
            shown.append((field.label, value))
        return shown

    def tariff_tables(self) -> list[tuple[str, list[tuple[str, int]]]]:
        """Each tariff table as (name, [(choice label, amount)]) for the public page."""
        if self.fee_kind != FeeKind.FORMULA:
            return []
        fields = {field.key: field for field in self.fields.all()}
        lookups = FeeFormula.parse(self.fee_formula).lookups()
        tables = []
        for table, amounts in self.fee_tables.items():
            field = fields.get(lookups.get(table, ""))
            labels = dict(field.choice_list()) if field else {}
            rows = [(labels.get(code, code), amount) for code, amount in amounts.items()]
            tables.append((self.fee_table_labels.get(table, table), rows))
        return tables

    def fee_description(self) -> str:
        labels = {field.key: field.label for field in self.fields.all()}
        labels.update(self.fee_table_labels)
        return FeeFormula.parse(self.fee_formula).describe(labels)


class Requirement(models.Model):
    version = models.ForeignKey(
        ServiceVersion, on_delete=models.CASCADE, related_name="requirements"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("document"), on_delete=models.PROTECT, related_name="+"
    )
    mandatory = models.BooleanField(_("mandatory"), default=True)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return str(self.document_type)

    def save(self, *args, **kwargs) -> None:
        _guard(self.version)
        super().save(*args, **kwargs)


class FieldKind(models.TextChoices):
    TEXT = "text", _("Text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    MONEY = "money", _("Money (rupiah)")
    DATE = "date", _("Date")
    CHOICE = "choice", _("Choice")
    AREA = "area_m2", _("Area (m²)")
    COORDINATES = "coordinates", _("Map coordinates")


NUMERIC_KINDS = {FieldKind.NUMBER, FieldKind.MONEY, FieldKind.AREA}
_COORDINATES = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")


def validate_coordinates(value: str) -> None:
    match = _COORDINATES.match(value)
    if not match or not (-90 <= float(match[1]) <= 90 and -180 <= float(match[2]) <= 180):
        raise ValidationError(
            _("Write the coordinates as latitude, longitude, for example -7.9666, 112.6326."),
            code="coordinates",
        )


class FormField(models.Model):
    """One field of a service's application form, with its validation rules."""

    version = models.ForeignKey(
        ServiceVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="fields"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    key = models.CharField(
        _("key"),
        max_length=40,
        validators=[
            RegexValidator(
                r"^[a-z][a-z0-9_]*$",
                _("A key is lower-case letters, digits and _, starting with a letter."),
            )
        ],
        help_text=_("Used in fee formulas: luas_m2"),
    )
    label = models.CharField(_("label"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=FieldKind)
    required = models.BooleanField(_("required"), default=True)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("For a choice: one per line, code|label.")
    )
    min_value = models.DecimalField(
        _("minimum"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("maximum"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    max_length = models.PositiveSmallIntegerField(_("maximum length"), null=True, blank=True)

    class Meta:
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "key"],
                name="field_key_once",
                violation_error_message=_("Two form fields have the same key."),
            )
        ]

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:
        _guard(self.version)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.kind == FieldKind.CHOICE and not self.choice_list():
            raise ValidationError({"choices": _("A choice field needs at least one choice.")})
        if self.kind == FieldKind.CHOICE and any(not code for code, _label in self.choice_list()):
            raise ValidationError({"choices": _("Write each choice as code|label.")})
        if (
            self.min_value is not None
            and self.max_value is not None
            and self.min_value > self.max_value
        ):
            raise ValidationError({"max_value": _("The maximum is below the minimum.")})

    def choice_list(self) -> list[tuple[str, str]]:
        pairs = []
        for line in self.choices.splitlines():
            if line.strip():
                code, _sep, label = line.partition("|")
                pairs.append((code.strip(), (label or code).strip()))
        return pairs

    def form_field(self) -> forms.Field:
        """The Django form field that validates an applicant's answer."""
        # Numbers are typed the Indonesian way (12,5) and bounds shown without ".00".
        common = {"label": self.label, "required": self.required, "help_text": self.help_text}
        numeric = {**common, "localize": True}
        bounds = {"min_value": _plain(self.min_value), "max_value": _plain(self.max_value)}
        match self.kind:
            case FieldKind.TEXT:
                return forms.CharField(max_length=self.max_length or 200, **common)
            case FieldKind.LONG_TEXT:
                return forms.CharField(
                    max_length=self.max_length or 5000, widget=forms.Textarea, **common
                )
            case FieldKind.NUMBER:
                return forms.DecimalField(max_digits=16, decimal_places=2, **bounds, **numeric)
            case FieldKind.MONEY:
                return RupiahFormField(
                    min_value=int(self.min_value or 0),
                    max_value=int(self.max_value) if self.max_value is not None else None,
                    widget=forms.TextInput,
                    **common,
                )
            case FieldKind.AREA:
                return forms.DecimalField(
                    max_digits=12,
                    decimal_places=2,
                    min_value=_plain(self.min_value) if self.min_value is not None else 0,
                    max_value=_plain(self.max_value),
                    **numeric,
                )
            case FieldKind.DATE:
                return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **common)
            case FieldKind.CHOICE:
                return forms.ChoiceField(choices=[("", "—"), *self.choice_list()], **common)
            case FieldKind.COORDINATES:
                return forms.CharField(max_length=60, validators=[validate_coordinates], **common)
        raise ValueError(self.kind)


def _plain(value: Decimal | None) -> Decimal | None:
    """365.00 → 365, 0.50 → 0.5, for messages a person reads."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


class WorkflowTask(models.Model):
    """A task in a stage of the workflow template; tasks of one stage run in parallel."""

    version = models.ForeignKey(
        ServiceVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="tasks"
    )
    stage = models.PositiveSmallIntegerField(_("stage"), validators=[MinValueValidator(1)])
    stage_name = models.CharField(_("stage name"), max_length=120)
    name = models.CharField(_("task"), max_length=200)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=24, choices=Role)
    budget_days = models.PositiveSmallIntegerField(
        _("budget (working days)"), validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("workflow task")
        verbose_name_plural = _("workflow tasks")
        ordering = ["stage", "pk"]

    def __str__(self) -> str:
        return f"{self.stage}. {self.name}"

    def save(self, *args, **kwargs) -> None:
        _guard(self.version)
        super().save(*args, **kwargs)


def _guard(version: ServiceVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ImmutableVersionError(f"version {version.pk} is {version.status}")


@dataclass(frozen=True)
class Stage:
    number: int
    name: str
    tasks: tuple[WorkflowTask, ...]

    @property
    def budget_days(self) -> int:
        """Parallel tasks: the stage takes as long as its longest task."""
        return max(task.budget_days for task in self.tasks)


def group_stages(tasks: list[WorkflowTask]) -> list[Stage]:
    by_number: dict[int, list[WorkflowTask]] = {}
    for task in sorted(tasks, key=lambda t: t.stage):
        by_number.setdefault(task.stage, []).append(task)
    return [
        Stage(number=number, name=group[0].stage_name, tasks=tuple(group))
        for number, group in by_number.items()
    ]


def workflow_errors(tasks: list[WorkflowTask], sla_days: int | None) -> list[str]:
    """What is wrong with a workflow template, in the user's language; empty when sound."""
    if not tasks:
        return [gettext("The workflow needs at least one task.")]
    errors = []
    stages = group_stages(tasks)
    numbers = [stage.number for stage in stages]
    if numbers != list(range(1, len(stages) + 1)):
        errors.append(gettext("Stages are numbered 1, 2, 3… without gaps."))
    for stage in stages:
        names = {task.stage_name.strip() for task in stage.tasks}
        if len(names) > 1:
            errors.append(
                gettext("The tasks of stage %(number)s carry different stage names: %(names)s.")
                % {"number": stage.number, "names": ", ".join(sorted(names))}
            )
    total = sum(stage.budget_days for stage in stages)
    if sla_days is not None and total != sla_days:
        errors.append(
            gettext(
                "The stage budgets add up to %(total)s working days, but the service's "
                "completion time is %(sla)s working days."
            )
            % {"total": total, "sla": sla_days}
        )
    return errors


def fee_errors(
    *,
    kind: str,
    formula: str,
    tables: dict,
    fields: list[FormField],
) -> list[str]:
    """Check a fee formula against the form: names exist, tables cover choices, no /0."""
    if kind != FeeKind.FORMULA or not formula:
        return []
    try:
        parsed = FeeFormula.parse(formula)
    except ValidationError as error:
        return error.messages
    by_key = {field.key: field for field in fields}
    errors = []
    for name in sorted(parsed.field_names()):
        field = by_key.get(name)
        if field is None:
            errors.append(
                gettext("The fee formula uses the field %(name)s, which is not on the form.")
                % {"name": name}
            )
        elif field.kind not in NUMERIC_KINDS:
            errors.append(
                gettext("The fee formula uses %(name)s as a number, but it is not a numeric field.")
                % {"name": name}
            )
    for table, choice_key in sorted(parsed.lookups().items()):
        field = by_key.get(choice_key)
        if table not in tables:
            errors.append(gettext("The tariff table %(table)s does not exist.") % {"table": table})
        if field is None or field.kind != FieldKind.CHOICE:
            errors.append(
                gettext("The tariff look-up %(table)s[%(name)s] needs a choice field %(name)s.")
                % {"table": table, "name": choice_key}
            )
        elif table in tables:
            missing = [code for code, _label in field.choice_list() if code not in tables[table]]
            if missing:
                errors.append(
                    gettext("The tariff table %(table)s has no amount for %(codes)s.")
                    % {"table": table, "codes": ", ".join(missing)}
                )
    if errors:
        return errors
    # Try the formula at the edges of every field's range to catch a division by zero.
    lowest = {
        key: (field.min_value if field.min_value is not None else Decimal(0))
        for key, field in by_key.items()
        if field.kind in NUMERIC_KINDS
    }
    highest = {
        key: (field.max_value if field.max_value is not None else Decimal(1))
        for key, field in by_key.items()
        if field.kind in NUMERIC_KINDS
    }
    choice_fields = [field for field in fields if field.kind == FieldKind.CHOICE]
    rounds = max((len(field.choice_list()) for field in choice_fields), default=1)
    choice_sets = [
        {
            field.key: field.choice_list()[min(i, len(field.choice_list()) - 1)][0]
            for field in choice_fields
        }
        for i in range(rounds)
    ]
    for numbers in (lowest, highest):
        for choices in choice_sets:
            try:
                parsed.evaluate({**numbers, **choices}, tables)
            except ValidationError as error:
                return error.messages
    return []
