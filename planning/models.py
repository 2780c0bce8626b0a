"""Planning data: the Permendagri 90 nomenclature, by named version."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    URUSAN = "urusan", _("Urusan group")
    BIDANG = "bidang_urusan", _("Bidang urusan")
    PROGRAM = "program", _("Program")
    KEGIATAN = "kegiatan", _("Kegiatan")
    SUB_KEGIATAN = "sub_kegiatan", _("Sub kegiatan")


class NomenclatureVersion(models.Model):
    """One edition of the codes (a Kepmendagri update, or a region's own import)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        verbose_name = _("nomenclature version")
        verbose_name_plural = _("nomenclature versions")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return self.name


class GovernmentLevel(models.TextChoices):
    """Which regions a code is for: the national list gives provinsi and kab/kota their own
    items (one code can name different kegiatan at each level); "" is for both."""

    PROVINCE = "province", _("Provinsi")
    REGENCY = "regency", _("Kabupaten/kota")

    @classmethod
    def of_region_kind(cls, kind: str) -> str:
        """The level of a region of this `org.RegionKind` ("provinsi", "kabupaten", "kota")."""
        return cls.PROVINCE if kind == "provinsi" else cls.REGENCY


class NomenclatureItemQuerySet(models.QuerySet):
    def for_level(self, government_level: str) -> "NomenclatureItemQuerySet":
        """The items a region of this level uses: its own level's and those for both."""
        return self.filter(government_level__in=("", government_level))


class NomenclatureItem(models.Model):
    version = models.ForeignKey(NomenclatureVersion, on_delete=models.CASCADE, related_name="items")
    level = models.CharField(_("level"), max_length=16, choices=Level)
    government_level = models.CharField(
        _("level of government"), max_length=8, choices=GovernmentLevel, blank=True, default=""
    )
    code = models.CharField(_("code"), max_length=24)
    name = models.TextField(_("name"))
    parent_code = models.CharField(max_length=24, blank=True)
    is_penunjang = models.BooleanField(
        _("program 01 (penunjang)"),
        default=False,
        help_text=_("Generic administration repeated under every bidang."),
    )
    kinerja = models.TextField(_("kinerja"), blank=True)
    indikator = models.TextField(_("indikator"), blank=True)
    satuan = models.CharField(_("satuan"), max_length=100, blank=True)
    tags = models.JSONField(
        _("national tags"),
        default=list,
        blank=True,
        help_text=_("The themes the national list gives the sub kegiatan (its TAG column)."),
    )
    spm = models.BooleanField(
        _("SPM"), default=False, help_text=_("Serves a minimum service standard (SPM).")
    )
    previous_code = models.CharField(
        _("previous code"),
        max_length=24,
        blank=True,
        help_text=_("Its code in the version before (SUBKEGIATAN SEBELUMNYA)."),
    )

    objects = NomenclatureItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomenclature code")
        verbose_name_plural = _("nomenclature codes")
        ordering = ["code", "government_level"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "government_level", "code"],
                name="nomenclature_code_once_per_level",
            )
        ]
        indexes = [models.Index(fields=["version", "level", "code"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Stage(models.TextChoices):
    RKPD = "rkpd", _("RKPD")
    KUA_PPAS = "kua_ppas", _("KUA-PPAS")
    APBD = "apbd", _("APBD")
    APBD_P = "apbd_p", _("APBD-P (perubahan)")
    REALISASI = "realisasi", _("Realisasi")


class Budget(models.Model):
    """One budget stage of one year of a region, as imported (SIPD "data anggaran")."""

    region = models.ForeignKey("org.Region", on_delete=models.PROTECT, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"))
    stage = models.CharField(_("stage"), max_length=10, choices=Stage)
    nomenclature = models.ForeignKey(
        NomenclatureVersion, verbose_name=_("nomenclature"), on_delete=models.PROTECT
    )
    source_name = models.CharField(_("file"), max_length=200, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    line_count = models.PositiveIntegerField(default=0)
    total = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    # What the import did besides taking lines (planning.budget.ImportReport.as_json): older
    # codes read as current ones, codes kept as written, total rows skipped, lines at Rp0.
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["-year", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "stage"], name="one_budget_stage")
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.year}"

    def nomenclature_items(self) -> "NomenclatureItemQuerySet":
        """The items of its nomenclature for its region's level (one code can name a
        different kegiatan for a provinsi and for a kab/kota): the one place the analysis
        reads codes' names and texts from."""
        return NomenclatureItem.objects.filter(version=self.nomenclature_id).for_level(
            GovernmentLevel.of_region_kind(self.region.kind)
        )


class BudgetLine(models.Model):
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    agency = models.ForeignKey("org.Agency", on_delete=models.PROTECT, related_name="+")
    sub_unit = models.CharField(max_length=30, blank=True)
    bidang = models.CharField(max_length=4)
    program = models.CharField(max_length=7)
    kegiatan = models.CharField(max_length=12)
    sub_kegiatan = models.CharField(max_length=17)
    is_penunjang = models.BooleanField(default=False)
    akun = models.CharField(max_length=24, blank=True)
    sumber_dana = models.CharField(max_length=200, blank=True)
    amount = models.DecimalField(max_digits=18, decimal_places=2)

    class Meta:
        indexes = [
            models.Index(fields=["budget", "agency"]),
            models.Index(fields=["budget", "sub_kegiatan"]),
        ]

    def __str__(self) -> str:
        return f"{self.sub_kegiatan} {self.amount}"


class SubKegiatanTag(models.Model):
    """A theme a sub kegiatan serves in this region (stunting, kemiskinan ekstrem, SPM, a
    national or regional priority). Agencies sharing a tag is synergy, not duplication."""

    region = models.ForeignKey("org.Region", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("sub kegiatan"), max_length=17)
    tag = models.CharField(_("tag"), max_length=100)

    class Meta:
        verbose_name = _("thematic tag")
        verbose_name_plural = _("thematic tags")
        ordering = ["tag", "code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code", "tag"], name="sub_kegiatan_tag_once")
        ]

    def __str__(self) -> str:
        return f"{self.tag}: {self.code}"


class SetKind(models.TextChoices):
    PRESET = "preset", _("Preset")
    CUSTOM = "custom", _("The region's own")
    SUGGESTED = "suggested", _("Suggested")
    SCENARIO = "scenario", _("Scenario")


class RumpunSet(models.Model):
    """A grouping of the region's agencies into rumpun."""

    region = models.ForeignKey("org.Region", on_delete=models.CASCADE, related_name="rumpun_sets")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=SetKind, default=SetKind.CUSTOM)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rumpun set")
        verbose_name_plural = _("rumpun sets")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="rumpun_set_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class Rumpun(models.Model):
    set = models.ForeignKey(RumpunSet, on_delete=models.CASCADE, related_name="rumpun")
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("rumpun")
        verbose_name_plural = _("rumpun")
        ordering = ["set", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class RumpunMember(models.Model):
    """An agency in a rumpun; weights below 1 place one agency in several rumpun."""

    rumpun = models.ForeignKey(Rumpun, on_delete=models.CASCADE, related_name="members")
    agency = models.ForeignKey("org.Agency", on_delete=models.CASCADE, related_name="+")
    weight = models.DecimalField(max_digits=5, decimal_places=4, default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rumpun", "agency"], name="rumpun_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.rumpun}: {self.agency}"


class AdjustmentScope(models.TextChoices):
    SUB_KEGIATAN = "sub_kegiatan", _("Sub kegiatan")
    AGENCY = "agency", _("Agency")
    RUMPUN = "rumpun", _("Rumpun")
    AKUN_GROUP = "akun_group", _("Akun group")
    TAG = "tag", _("Tag")
    LINE = "line", _("Budget line")


class Adjustment(models.Model):
    """A change a scenario makes to the money: a percent or an amount, on a scope."""

    scenario = models.ForeignKey(RumpunSet, on_delete=models.CASCADE, related_name="adjustments")
    scope = models.CharField(_("applies to"), max_length=12, choices=AdjustmentScope)
    target = models.CharField(_("which"), max_length=200)
    percent = models.DecimalField(
        _("percent"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    amount = models.DecimalField(
        _("amount"), max_digits=18, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        change = f"{self.percent}%" if self.percent is not None else f"{self.amount}"
        return f"{self.scope} {self.target}: {change}"


class ConstraintRule(models.Model):
    """A limit the region checks scenarios against, e.g. belanja pegawai at most 30% of
    belanja daerah (UU 1/2022)."""

    region = models.ForeignKey("org.Region", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    akun_group = models.CharField(_("akun group"), max_length=100)
    max_share = models.DecimalField(_("largest share (percent)"), max_digits=5, decimal_places=2)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ImportKind(models.TextChoices):
    NOMENCLATURE = "nomenclature", _("Nomenclature codes")
    BUDGET = "budget", _("Budget stage")
    TAGS = "tags", _("Thematic tags")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    REFUSED = "refused", _("Refused")


class ImportJob(models.Model):
    """A large import file waiting for, or run by, the worker (planning.jobs): the request
    only stores the file. Status changes only through planning.jobs."""

    region = models.ForeignKey("org.Region", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=16, choices=ImportKind)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus, default=ImportStatus.QUEUED
    )
    # Deleted once the job has run: the imported rows are the record, not the file.
    file = models.FileField(upload_to="imports/%Y/%m/", max_length=200, blank=True)
    filename = models.CharField(_("file"), max_length=200)
    options = models.JSONField(default=dict)  # the form's other fields: name, year, stage...
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(null=True, blank=True)  # CSV lines, estimated
    result = models.CharField(max_length=300, blank=True)  # the success message
    budget = models.ForeignKey(Budget, on_delete=models.SET_NULL, null=True, blank=True)
    error = models.TextField(blank=True)
    problems = models.JSONField(default=list)  # [[row, code, message], ...]
    unknown_agencies = models.JSONField(default=list)  # planning.agencies.UnknownAgency.as_json()

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.filename}"

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.REFUSED)
