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


class NomenclatureItem(models.Model):
    version = models.ForeignKey(NomenclatureVersion, on_delete=models.CASCADE, related_name="items")
    level = models.CharField(_("level"), max_length=16, choices=Level)
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

    class Meta:
        verbose_name = _("nomenclature code")
        verbose_name_plural = _("nomenclature codes")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="nomenclature_code_once")
        ]
        indexes = [models.Index(fields=["version", "level", "code"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
