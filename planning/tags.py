"""Thematic tags on sub kegiatan (stunting, kemiskinan ekstrem, SPM, priorities): imported
per region as a file of (code, tag) rows, replacing the region's tags, all rows or none."""

from collections import defaultdict
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from planning import codes
from planning.models import NomenclatureItem, SubKegiatanTag
from planning.nomenclature import MAX_PROBLEMS, ImportRefusedError, RowProblem, pick, read_rows

CODE = ("kode_sub_kegiatan", "kode")
TAG = ("tag", "tema", "label")


def tags_of(region) -> dict[str, frozenset[str]]:
    """sub kegiatan code → its tags in this region."""
    found: dict[str, set[str]] = defaultdict(set)
    for code, tag in SubKegiatanTag.objects.filter(region=region).values_list("code", "tag"):
        found[code].add(tag)
    return {code: frozenset(tags) for code, tags in found.items()}


def tags_import(
    *, region, file, filename: str, progress: Callable[[int], None] | None = None
) -> int:
    """Replace the region's tags with the file's; a bad row refuses the whole file. Read
    outside the transaction (so `progress` can be committed as it goes), written atomically."""
    known = set(
        NomenclatureItem.objects.filter(level="sub_kegiatan").values_list("code", flat=True)
    )
    problems: list[RowProblem] = []
    pairs: dict[tuple[str, str], int] = {}
    for number, row in read_rows(file, filename, progress=progress):
        raw, tag = pick(row, CODE), " ".join(pick(row, TAG).split())
        if not raw and not tag:
            continue
        reasons = []
        code = None
        try:
            code = codes.parse(raw)
        except ValidationError as error:
            reasons.append(" ".join(error.messages))
        else:
            if code.level != "sub_kegiatan" or code.code not in known:
                reasons.append(
                    _("sub kegiatan %(code)s is not in any nomenclature") % {"code": raw}
                )
        if not tag:
            reasons.append(_("the tag is empty"))
        elif len(tag) > 100:
            reasons.append(_("the tag is longer than 100 characters"))
        if not reasons and (code.code, tag) in pairs:
            reasons.append(_("the same tag as row %(row)s") % {"row": pairs[(code.code, tag)]})
        if reasons:
            problems.append(RowProblem(number, raw, "; ".join(reasons)))
            if len(problems) >= MAX_PROBLEMS:
                break
            continue
        pairs[(code.code, tag)] = number
    if problems:
        raise ImportRefusedError(problems)
    if not pairs:
        raise ValidationError(_("The file has no rows with a code and a tag."))
    with transaction.atomic():
        SubKegiatanTag.objects.filter(region=region).delete()
        SubKegiatanTag.objects.bulk_create(
            SubKegiatanTag(region=region, code=code, tag=tag) for code, tag in pairs
        )
    return len(pairs)
