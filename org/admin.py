"""Admin screens for the region admin, each scoped to the regions the user administers."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.signing import SigningError, certificate_summary
from org.domain import region_admin_access_sync, signing_credential_install
from org.models import (
    Agency,
    Business,
    Person,
    Region,
    RegionClosure,
    Role,
    SigningCredential,
    StaffRole,
)


def administered_regions(user) -> QuerySet[Region]:
    # The rule is the QuerySet's (access.rules.administered_regions asks it too).
    return Region.objects.administered_by(user)


def staff_candidates(user) -> QuerySet:
    """Accounts a region admin may give a role: not applicants, not staff of other regions only."""
    users = get_user_model().objects.filter(is_active=True)
    if user.is_superuser:
        return users
    regions = administered_regions(user)
    return (
        users.filter(applicant_profiles__isnull=True)
        .filter(Q(staff_roles__isnull=True) | Q(staff_roles__agency__region__in=regions))
        .distinct()
        .order_by("username")
    )


def _sync_access(user_ids) -> None:
    for user in get_user_model().objects.filter(pk__in={pk for pk in user_ids if pk}):
        region_admin_access_sync(user=user)


class RegionScopedAdmin(admin.ModelAdmin):
    """Shows and offers only the records of regions the user administers."""

    region_path = "region"

    def get_queryset(self, request):
        regions = administered_regions(request.user)
        return super().get_queryset(request).filter(**{f"{self.region_path}__in": regions})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        regions = administered_regions(request.user)
        model = db_field.related_model
        if model is Region:
            kwargs["queryset"] = regions
        elif hasattr(model, "region"):
            kwargs["queryset"] = model._default_manager.filter(region__in=regions)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request):
        return request.user.is_superuser or administered_regions(request.user).exists()


class RegionScopedInline(admin.TabularInline):
    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        regions = administered_regions(request.user)
        model = db_field.related_model
        if hasattr(model, "region"):
            kwargs["queryset"] = model._default_manager.filter(region__in=regions)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ClosureInline(admin.TabularInline):
    model = RegionClosure
    extra = 0


class RegionForm(forms.ModelForm):
    # Stored as a JSON list of Role values; chosen here as checkboxes. No Meta: the admin
    # builds the form with every field of the region.
    second_factor_roles = forms.TypedMultipleChoiceField(
        label=_("roles that need a second factor"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=Region._meta.get_field("second_factor_roles").help_text,
    )


@admin.register(Region)
class RegionAdmin(RegionScopedAdmin):
    region_path = "pk"
    form = RegionForm
    list_display = ["name", "kind", "code", "time_zone", "is_demo"]
    inlines = [ClosureInline]

    def get_queryset(self, request):
        return Region.objects.filter(pk__in=administered_regions(request.user))

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser  # a region is never deleted by its own admin

    def get_readonly_fields(self, request, obj=None):
        # The code ties the install to its region (SATUPINTU_REGION_CODE): superusers only.
        return [] if request.user.is_superuser else ["code", "kind"]


class StaffRoleInline(RegionScopedInline):
    model = StaffRole
    fields = ["user", "role", "position", "nip", "active"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = staff_candidates(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Agency)
class AgencyAdmin(RegionScopedAdmin):
    list_display = ["unit_code", "name", "short_name", "kind", "bidang_list"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "unit_code"]
    inlines = [StaffRoleInline]

    def save_formset(self, request, form, formset, change):
        # Users before and after the change: a row may have moved from one user to another.
        before = {f.initial["user"] for f in formset.forms if f.initial.get("user")}
        super().save_formset(request, form, formset, change)
        if formset.model is StaffRole:
            after = {f.instance.user_id for f in formset.forms if f.instance.user_id}
            _sync_access(before | after)

    @admin.display(description=_("bidang urusan"))
    def bidang_list(self, agency: Agency) -> str:
        return ", ".join(code for code, _name in agency.bidang_urusan)


@admin.register(StaffRole)
class StaffRoleAdmin(RegionScopedAdmin):
    region_path = "agency__region"
    list_display = ["user", "role", "agency", "position", "active"]
    list_filter = ["role", "active"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = staff_candidates(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _sync_access({obj.user_id, form.initial.get("user")})

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _sync_access({obj.user_id})

    def delete_queryset(self, request, queryset):
        users = set(queryset.values_list("user_id", flat=True))
        super().delete_queryset(request, queryset)
        _sync_access(users)


class ApplicantDataAdmin(RegionScopedAdmin):
    """Applicants' identities (NIK, address, contacts, the account they sign in with) are
    for the install's operator only: a region admin configures the region and never
    browses citizens' data, as they never open a case (ADR 0027)."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Person)
class PersonAdmin(ApplicantDataAdmin):
    list_display = ["name", "nik", "phone_display", "email"]
    search_fields = ["name", "nik", "email"]


@admin.register(Business)
class BusinessAdmin(ApplicantDataAdmin):
    list_display = ["name", "nib", "npwp_display", "representative"]
    search_fields = ["name", "nib", "npwp"]
    autocomplete_fields = ["representative"]


class SigningCredentialForm(forms.ModelForm):
    p12_file = forms.FileField(
        label=_("PKCS#12 file (.p12 or .pfx)"),
        help_text=_("The official's key and certificate, as issued by the region's CA or BSrE."),
    )
    passphrase = forms.CharField(
        label=_("The official's passphrase"),
        widget=forms.PasswordInput,
        help_text=_("Checked now, never stored: the official types it at every signature."),
    )

    class Meta:
        model = SigningCredential
        fields = ["user", "region"]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("p12_file")
        if upload is None or not cleaned.get("passphrase"):
            return cleaned
        if upload.size > 100_000:
            raise forms.ValidationError(
                _("A PKCS#12 file is a few kilobytes; this one is too big.")
            )
        cleaned["p12"] = upload.read()
        try:
            certificate_summary(cleaned["p12"], cleaned["passphrase"])
        except SigningError:
            raise forms.ValidationError(
                _("The passphrase is wrong, or the file is not a PKCS#12 file.")
            ) from None
        return cleaned


@admin.register(SigningCredential)
class SigningCredentialAdmin(RegionScopedAdmin):
    """Installing a signing official's key; the previous one is retired."""

    form = SigningCredentialForm
    list_display = ["common_name", "user", "not_after", "active"]
    list_filter = ["active"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None:  # an installed key is never edited, only retired
            kwargs["form"] = forms.ModelForm
            kwargs["fields"] = ["active"]
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return ["user", "region", "common_name", "not_after"] if obj else []

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["user", "region", "p12_file", "passphrase"]
        return ["user", "region", "common_name", "not_after", "active"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(
                    staff_roles__role=Role.SIGNING_OFFICIAL,
                    staff_roles__agency__region__in=administered_regions(request.user),
                )
                .distinct()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        installed = signing_credential_install(
            user=form.cleaned_data["user"],
            region=form.cleaned_data["region"],
            p12=form.cleaned_data["p12"],
            passphrase=form.cleaned_data["passphrase"],
        )
        obj.pk = installed.pk
        obj._state.adding = False
