"""Catalog editing for the region admin: drafts are edited, publishing freezes a version."""

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from catalog import domain
from catalog.fees import FeeFormula
from catalog.models import (
    DocumentType,
    FormField,
    Requirement,
    Service,
    ServiceVersion,
    VersionStatus,
    WorkflowTask,
    fee_errors,
    workflow_errors,
)
from org.admin import RegionScopedAdmin, RegionScopedInline


@admin.register(DocumentType)
class DocumentTypeAdmin(RegionScopedAdmin):
    list_display = ["name", "code", "is_identity"]
    search_fields = ["name", "code"]


class VersionInline(admin.TabularInline):
    model = ServiceVersion
    fields = ["number", "status", "published_at", "sla_days", "fee_kind"]
    readonly_fields = fields
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Service)
class ServiceAdmin(RegionScopedAdmin):
    list_display = ["name", "code", "category", "responsible_agency", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["name", "code"]
    inlines = [VersionInline]
    actions = ["make_draft"]

    @admin.action(description=_("Open a draft of the next version"))
    def make_draft(self, request, queryset):
        ready = 0
        for service in queryset:
            try:
                domain.service_version_draft(service=service)
                ready += 1
            except ValidationError as error:
                self.message_user(request, f"{service}: {' '.join(error.messages)}", messages.ERROR)
        if ready:
            self.message_user(
                request, _("Drafts are ready under Service versions."), messages.SUCCESS
            )


class LiveInline(RegionScopedInline):
    """Inlines of a version: editable only while it is a draft."""

    def _editable(self, obj) -> bool:
        return obj is None or obj.status == VersionStatus.DRAFT

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class RequirementInline(LiveInline):
    model = Requirement
    fields = ["order", "document_type", "mandatory", "notes"]


def _formula_parses(formula: str) -> bool:
    try:
        FeeFormula.parse(formula or "0")
    except ValidationError:
        return False
    return True


def _kept_forms(formset):
    return [
        form
        for form in formset.forms
        if form.is_valid() and form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


class FieldFormSet(BaseInlineFormSet):
    """Checks the version's fee formula against the fields as they will be saved."""

    def clean(self):
        super().clean()
        version = self.instance
        if any(form.errors for form in self.forms) or not _formula_parses(version.fee_formula):
            return  # the row or the formula field shows its own error first
        fields = [form.save(commit=False) for form in _kept_forms(self)]
        errors = fee_errors(
            kind=version.fee_kind,
            formula=version.fee_formula,
            tables=version.fee_tables,
            fields=fields,
        )
        if errors:
            raise ValidationError(errors)


class FieldInline(LiveInline):
    model = FormField
    formset = FieldFormSet
    fields = [
        "order",
        "key",
        "label",
        "kind",
        "required",
        "choices",
        "min_value",
        "max_value",
        "max_length",
        "help_text",
    ]


class TaskFormSet(BaseInlineFormSet):
    """Checks that the stage budgets add up to the version's completion time."""

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        tasks = [form.save(commit=False) for form in _kept_forms(self)]
        errors = workflow_errors(tasks, self.instance.sla_days)
        if errors:
            raise ValidationError(errors)


class TaskInline(LiveInline):
    model = WorkflowTask
    formset = TaskFormSet
    fields = ["stage", "stage_name", "name", "agency", "role", "budget_days"]


@admin.register(ServiceVersion)
class ServiceVersionAdmin(RegionScopedAdmin):
    region_path = "service__region"
    list_display = ["service", "number", "status", "sla_days", "fee_kind", "published_at"]
    list_filter = ["status", "fee_kind"]
    search_fields = ["service__name", "service__code"]
    inlines = [RequirementInline, FieldInline, TaskInline]
    actions = ["publish"]
    fieldsets = [
        (None, {"fields": ["service", "status", "published_at"]}),
        (
            _("Published standard"),
            {
                "fields": [
                    "procedure",
                    "sla_days",
                    "correction_days",
                    "deemed_approval",
                    "product",
                    "validity_months",
                    "complaint_channel",
                    "legal_basis",
                    "delegation_decree",
                ]
            },
        ),
        (
            _("Issued document"),
            {"fields": ["permit_title", "permit_number_pattern", "permit_conditions"]},
        ),
        (
            _("Fee (retribusi)"),
            {
                "fields": [
                    "fee_kind",
                    "fee_amount",
                    "fee_formula",
                    "fee_tables",
                    "fee_table_labels",
                    "fee_basis",
                ]
            },
        ),
        (
            _("Internal standard"),
            {
                "classes": ["collapse"],
                "fields": [
                    "facilities",
                    "staff_competence",
                    "internal_supervision",
                    "staff_count",
                    "service_guarantee",
                    "security_guarantee",
                    "performance_evaluation",
                ],
            },
        ),
    ]
    readonly_fields = ["status", "published_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != VersionStatus.DRAFT:
            return [field.name for field in ServiceVersion._meta.fields if field.name != "id"]
        if obj is not None:
            return [*self.readonly_fields, "service"]
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        # A published version is frozen: it can be viewed, and copied into a new draft.
        if obj is not None and obj.status != VersionStatus.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != VersionStatus.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        # Published versions are never deleted; drafts are deleted from their own page.
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        if not change:
            last = obj.service.versions.order_by("-number").first()
            obj.number = last.number + 1 if last else 1
        super().save_model(request, obj, form, change)

    @admin.action(
        description=_("Publish the selected drafts"),
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def publish(self, request, queryset):
        self._publish(request, list(queryset))

    def _publish(self, request, versions):
        published = 0
        for version in versions:
            try:
                domain.service_version_publish(version=version, actor=request.user)
                published += 1
            except ValidationError as error:
                self.message_user(request, f"{version}: {' '.join(error.messages)}", messages.ERROR)
        if published:
            self.message_user(
                request,
                ngettext("%(count)d version published.", "%(count)d versions published.", published)
                % {"count": published},
                messages.SUCCESS,
            )
