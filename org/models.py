"""Region, agencies (perangkat daerah), staff roles and applicant profiles."""

import contextvars
import datetime
import re
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.calendar import WorkingCalendar
from core.formatting import mask_name
from core.numbers import check_pattern
from org import identity
from org.fields import CompactNumberField
from org.urusan import BIDANG_URUSAN, parse_unit_code


class RegionKind(models.TextChoices):
    KABUPATEN = "kabupaten", _("Kabupaten")
    KOTA = "kota", _("Kota")
    PROVINSI = "provinsi", _("Provinsi")


class RegionTimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (Asia/Jakarta)")
    WITA = "Asia/Makassar", _("WITA (Asia/Makassar)")
    WIT = "Asia/Jayapura", _("WIT (Asia/Jayapura)")


class RegionQuerySet(models.QuerySet):
    def administered_by(self, user) -> "RegionQuerySet":
        """The regions whose configuration (the Django admin) the user may use: all for the
        install's operator (superuser), else those where they hold an active region admin
        role."""
        if user.is_superuser:
            return self.all()
        return self.filter(
            agencies__staff_roles__user=user,
            agencies__staff_roles__role=Role.REGION_ADMIN,
            agencies__staff_roles__active=True,
        ).distinct()


class Region(models.Model):
    """A kabupaten, kota or provinsi; every regional record belongs to one."""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=RegionKind)
    code = models.CharField(
        _("Kemendagri code"),
        max_length=5,
        unique=True,
        validators=[
            RegexValidator(
                r"^\d{2}(\.\d{2})?$",
                _("Write the Kemendagri code as 35 (provinsi) or 35.73 (kabupaten/kota)."),
            )
        ],
        help_text=_("For example 35.73 for Kota Malang."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=20, choices=RegionTimeZone, default=RegionTimeZone.WIB
    )
    kop_lines = models.TextField(
        _("letterhead lines"),
        blank=True,
        help_text=_("The kop surat, one line per line, as printed on letters and permits."),
    )
    logo = models.ImageField(_("logo"), upload_to="region-logos/", blank=True)
    cuti_bersama_closed = models.BooleanField(
        _("cuti bersama is a closed day"),
        default=True,
        help_text=_("Whether collective leave days stop the service clock."),
    )
    registration_pattern = models.CharField(
        _("registration number pattern"),
        max_length=100,
        default="REG/{region}/{year}/{seq:06d}",
        help_text=_("Uses {seq}, and may use {year} and {region}."),
    )
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Shown as demo data on every page.")
    )
    # A list of Role values (Role is defined below); empty asks nobody (org.second_factor).
    second_factor_roles = models.JSONField(
        _("roles that need a second factor"),
        default=list,
        blank=True,
        help_text=_(
            "Staff holding one of these roles in this region enter a code from an "
            "authenticator app after their password (two-step verification)."
        ),
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.registration_pattern:
            try:
                check_pattern(self.registration_pattern)
            except ValidationError as error:
                raise ValidationError({"registration_pattern": error.messages}) from None
        if self.kind == RegionKind.PROVINSI and self.code and "." in self.code:
            raise ValidationError({"code": _("A provinsi's Kemendagri code has two digits.")})
        if self.kind and self.kind != RegionKind.PROVINSI and self.code and "." not in self.code:
            raise ValidationError(
                {"code": _("A kabupaten or kota's Kemendagri code looks like 35.73.")}
            )
        roles = self.second_factor_roles
        if not isinstance(roles, list) or not set(roles) <= set(Role.values):
            raise ValidationError(
                {"second_factor_roles": _("Choose roles from the list of staff roles.")}
            )

    def calendar(self) -> WorkingCalendar:
        """The region's working days: national holidays, its cuti bersama rule, its closures."""
        return WorkingCalendar(
            cuti_bersama_closed=self.cuti_bersama_closed,
            closures=frozenset(self.closures.values_list("date", flat=True)),
        )

    def today(self) -> datetime.date:
        """Today's date in the region's zone."""
        return timezone.localtime(timezone.now(), self.zone).date()

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def zone_abbreviation(self) -> str:
        return RegionTimeZone(self.time_zone).label.split(" ")[0]

    @property
    def kop(self) -> list[str]:
        return [line for line in self.kop_lines.splitlines() if line.strip()]


class RegionClosure(models.Model):
    """A day the region declares closed (beyond national holidays and cuti bersama)."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="closures"
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("declared closure")
        verbose_name_plural = _("declared closures")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "date"],
                name="closure_once_per_day",
                violation_error_message=_("This region already has a closure on that date."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.reason}"


class AgencyKind(models.TextChoices):
    DINAS = "dinas", _("Dinas")
    BADAN = "badan", _("Badan")
    SEKRETARIAT = "sekretariat", _("Sekretariat")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    SATUAN = "satuan", _("Satuan (Satpol PP)")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")


class AgencyQuerySet(models.QuerySet):
    def in_region(self, region: Region) -> "AgencyQuerySet":
        return self.filter(region=region)

    def with_bidang(self, bidang: str) -> "AgencyQuerySet":
        return self.filter(
            models.Q(bidang_1=bidang) | models.Q(bidang_2=bidang) | models.Q(bidang_3=bidang)
        )


class Agency(models.Model):
    """A perangkat daerah (SKPD/OPD), or a sub-unit of one."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="agencies"
    )
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40)
    kind = models.CharField(_("kind"), max_length=12, choices=AgencyKind)
    unit_code = models.CharField(
        _("unit code"),
        max_length=22,
        help_text=_("B1.B1.B2.B2.B3.B3.NN.UUUU, for example 1.03.0.00.0.00.01.0000."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_units",
    )
    # Derived from unit_code on save, kept as columns so agencies can be queried by bidang.
    bidang_1 = models.CharField(max_length=4, editable=False)
    bidang_2 = models.CharField(max_length=4, blank=True, editable=False)
    bidang_3 = models.CharField(max_length=4, blank=True, editable=False)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["region", "unit_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "unit_code"],
                name="agency_code_per_region",
                violation_error_message=_("Another agency of this region has this unit code."),
            ),
            models.UniqueConstraint(
                fields=["region", "short_name"],
                name="agency_short_name_per_region",
                violation_error_message=_("Another agency of this region has this short name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        bidang = parse_unit_code(self.unit_code).bidang
        self.bidang_1, self.bidang_2, self.bidang_3 = (*bidang, "", "")[:3]
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = {}
        if self.unit_code:
            try:
                parse_unit_code(self.unit_code)
            except ValidationError as error:
                errors["unit_code"] = error
        if self.parent_id and self.region_id and self.parent.region_id != self.region_id:
            errors["parent"] = _("The parent agency belongs to another region.")
        if errors:
            raise ValidationError(errors)

    @property
    def bidang_urusan(self) -> list[tuple[str, str]]:
        """The bidang urusan this agency's code names, as (code, name)."""
        codes = [self.bidang_1, self.bidang_2, self.bidang_3]
        return [(code, BIDANG_URUSAN[code]) for code in codes if code]


def agency_name_key(name: str) -> str:
    """An agency's name as files are compared: lower case, words only, single spaces
    ("Dinas Pendidikan," and "DINAS  PENDIDIKAN" are one name)."""
    return " ".join(re.findall(r"[0-9a-z]+", name.lower()))


class AgencyAlias(models.Model):
    """How a budget file names one of the region's agencies (by a name or a unit code it
    does not share with the agency), remembered from the planner's mapping for the next file."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="agency_aliases"
    )
    key = models.CharField(_("key"), max_length=300)  # agency_name_key(), or "kode:<code>"
    written = models.CharField(_("as written in the file"), max_length=300)
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="aliases"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agency alias")
        verbose_name_plural = _("agency aliases")
        constraints = [
            models.UniqueConstraint(fields=["region", "key"], name="agency_alias_once_per_region")
        ]

    def __str__(self) -> str:
        return f"{self.written} → {self.agency.short_name}"


class Role(models.TextChoices):
    FRONT_OFFICE = "front_office", _("Front office")
    TECHNICAL_REVIEWER = "technical_reviewer", _("Technical reviewer")
    INSPECTOR = "inspector", _("Field inspector")
    SIGNING_OFFICIAL = "signing_official", _("Signing official")
    TREASURER = "treasurer", _("Treasurer")
    COMPLAINT_ADMIN = "complaint_admin", _("Complaint administrator")
    COMPLAINT_LIAISON = "complaint_liaison", _("Agency complaint liaison")
    PLANNER = "planner", _("Planner")
    LEADERSHIP = "leadership", _("Leadership viewer")
    REGION_ADMIN = "region_admin", _("Region administrator")


# The roles that work on cases: each opens a case only through a task of its own agency and
# role (licensing.models.CaseTaskQuerySet.worked_by); leadership reads its agency's cases.
# Here, beside Role, because licensing's QuerySet needs them; access.rules uses them too.
CASE_ROLES = frozenset(
    {
        Role.FRONT_OFFICE,
        Role.TECHNICAL_REVIEWER,
        Role.INSPECTOR,
        Role.SIGNING_OFFICIAL,
        Role.TREASURER,
    }
)
CASE_READERS = CASE_ROLES | {Role.LEADERSHIP}


# The roles a user holds, read once per request: several checks of one page ask them (the
# view's roles, the menu, the inbox's tasks). RegionMiddleware gives each request an empty
# memo; outside a request (the worker, a script, a test calling a domain function) there is
# none and every call reads the database. Any change of a StaffRole empties it.
HELD_ROLES_MEMO: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "held_roles_memo", default=None
)


def held_roles(user, region) -> tuple["StaffRole", ...]:
    """The active roles a user holds in a region's agencies, each with its agency."""
    if not user.is_authenticated or region is None:
        return ()
    memo = HELD_ROLES_MEMO.get()
    key = (user.pk, region.pk)
    if memo is not None and key in memo:
        return memo[key]
    roles = tuple(StaffRole.objects.held(user, region))
    if memo is not None:
        memo[key] = roles
    return roles


class StaffRoleQuerySet(models.QuerySet):
    def held(self, user, region) -> "StaffRoleQuerySet":
        """The active roles a user holds in a region's agencies."""
        if not user.is_authenticated or region is None:
            return self.none()
        return self.filter(user=user, active=True, agency__region=region).select_related(
            "agency", "agency__region"
        )

    def emails(self) -> list[str]:
        """The e-mail addresses of the users holding these roles (each once, none empty)."""
        from django.contrib.auth import get_user_model

        return list(
            get_user_model()
            .objects.filter(pk__in=self.values("user"))
            .exclude(email="")
            .values_list("email", flat=True)
        )


class StaffRole(models.Model):
    """A staff member holds a role in one agency; one person may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="staff_roles",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="staff_roles"
    )
    role = models.CharField(_("role"), max_length=24, choices=Role)
    position = models.CharField(
        _("position"), max_length=200, blank=True, help_text=_("Jabatan, as printed.")
    )
    nip = models.CharField(
        _("NIP"),
        max_length=18,
        blank=True,
        validators=[RegexValidator(r"^\d{18}$", _("A NIP has exactly 18 digits."))],
    )
    active = models.BooleanField(_("active"), default=True)

    objects = StaffRoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"],
                name="role_once_per_agency",
                violation_error_message=_("This user already holds this role in this agency."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.agency.short_name}"

    @property
    def region(self) -> Region:
        return self.agency.region


class NormalizedFieldsMixin:
    """Normalises identity fields before Django checks their length and format."""

    normalizers: dict = {}

    def clean_fields(self, exclude=None) -> None:
        exclude = set(exclude or ())
        errors = {}
        for field, normalize in self.normalizers.items():
            value = getattr(self, field)
            if field in exclude or not value:
                continue
            try:
                setattr(self, field, normalize(value))
            except ValidationError as error:
                errors[field] = error.messages
        try:
            super().clean_fields(exclude=exclude | set(errors))
        except ValidationError as error:
            errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)


class Person(NormalizedFieldsMixin, models.Model):
    """An applicant who is a natural person, identified by NIK within a region."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="people"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applicant_profiles",
        help_text=_("Empty for a walk-in applicant entered at the counter."),
    )
    nik = CompactNumberField(_("NIK"), max_length=16)
    name = models.CharField(_("full name"), max_length=200)
    address = models.TextField(_("address"))
    phone = CompactNumberField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)

    normalizers = {"nik": identity.normalize_nik, "phone": identity.normalize_phone}

    class Meta:
        verbose_name = _("applicant (person)")
        verbose_name_plural = _("applicants (people)")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "nik"],
                name="person_nik_per_region",
                violation_error_message=_("An applicant with this NIK is already registered."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def phone_display(self) -> str:
        return identity.format_phone(self.phone)

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)


class Business(NormalizedFieldsMixin, models.Model):
    """An applicant that is a business (NIB, NPWP), represented by a person."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="businesses"
    )
    nib = CompactNumberField(_("NIB"), max_length=13)
    npwp = CompactNumberField(_("NPWP"), max_length=16)
    name = models.CharField(_("business name"), max_length=200)
    address = models.TextField(_("address"))
    representative = models.ForeignKey(
        Person,
        verbose_name=_("representative"),
        on_delete=models.PROTECT,
        related_name="businesses",
    )

    normalizers = {"nib": identity.normalize_nib, "npwp": identity.normalize_npwp}

    class Meta:
        verbose_name = _("applicant (business)")
        verbose_name_plural = _("applicants (businesses)")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "nib"],
                name="business_nib_per_region",
                violation_error_message=_("A business with this NIB is already registered."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.representative_id
            and self.region_id
            and self.representative.region_id != self.region_id
        ):
            raise ValidationError(
                {"representative": _("The representative belongs to another region.")}
            )

    @property
    def npwp_display(self) -> str:
        return identity.format_npwp(self.npwp)


class CredentialKind(models.TextChoices):
    PKCS12 = "pkcs12", _("PKCS#12 file")
    PKCS11 = "pkcs11", _("PKCS#11 token (smart card, HSM)")


class SigningCredential(models.Model):
    """A signing official's key and certificate (PKCS#12, protected by their passphrase).

    The file is encrypted with the official's passphrase and only opened, with it, at the
    moment of signing. A PKCS#11 token is the production alternative (docs/operations.md).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="signing_credentials",
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.CASCADE)
    kind = models.CharField(
        _("kind"), max_length=8, choices=CredentialKind, default=CredentialKind.PKCS12
    )
    p12 = models.BinaryField(_("PKCS#12 file"), editable=False, blank=True, default=b"")
    token_label = models.CharField(_("token label"), max_length=100, blank=True)
    key_label = models.CharField(_("key label on the token"), max_length=100, blank=True)
    certificate_pem = models.TextField(_("certificate (PEM)"), blank=True)
    common_name = models.CharField(_("name on the certificate"), max_length=200)
    not_after = models.DateTimeField(_("valid until"))
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "region"],
                condition=models.Q(active=True),
                name="one_active_signing_credential",
            )
        ]

    def __str__(self) -> str:
        return self.common_name
