"""Importing the Permendagri 90 nomenclature (CSV or XLSX) as a named version: all rows or
none, with a report naming each bad row; and reading retired codes as their successors.

The shape of the file is told from its header, so each imports as it circulates:

- code and name in two columns (`kode`, `nomenklatur`), one row per code of any level;
- code and name in one cell, one column per level (`BIDANG`, `PROGRAM`, `KEGIATAN`,
  `SUBKEGIATAN`, e.g. `1.01.02.1.01.0001 Pembangunan USB`): the national list, with
  `JENIS PEMDA` (PROV/KABKOT), `TAG`, `SPM` and `SUBKEGIATAN SEBELUMNYA` (the previous code);
- the code split over five columns (`URUSAN/UNSUR`, `BIDANG URUSAN/BIDANG UNSUR`, `PROGRAM`,
  `KEGIATAN` as `2.01`, `SUB KEGIATAN`) and the name in `NOMENKLATUR URUSAN`: the tables of
  the Kepmendagri annexes, numbers without their leading zeros.

In every shape a code written `X.XX.01…` (`X` and `XX` in the split form) is the program 01
(penunjang) that applies to every bidang: it is stored once under each bidang the file has at
the same level of government. Names and texts are kept with their runs of spaces collapsed.
"""

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace
from operator import attrgetter

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from core.formatting import number
from planning import codes
from planning.imports import header_key, read_rows
from planning.models import GovernmentLevel, NomenclatureItem, NomenclatureVersion

# The header keys (planning.imports.header_key) each column goes by, in every shape.
COLUMNS = {
    "code": ("kode", "kode_raw", "code", "kode_sub_kegiatan"),
    "name": ("nomenklatur", "nama", "name", "uraian", "nomenklatur_urusan", "nama_sub_kegiatan"),
    "level": ("level", "tingkat"),
    "kinerja": ("kinerja",),
    "indikator": ("indikator",),
    "satuan": ("satuan",),
    "government_level": ("jenis_pemda", "government_level"),
    "tags": ("tag", "tags"),
    "spm": ("spm",),
    "previous_code": (
        "subkegiatan_sebelumnya",
        "sub_kegiatan_sebelumnya",
        "kode_sebelumnya",
        "previous_code",
    ),
}
# Code and name in one cell, a column per level (the national list as it circulates).
COMBINED = {
    "bidang_urusan": ("bidang", "bidang_urusan"),
    "program": ("program",),
    "kegiatan": ("kegiatan",),
    "sub_kegiatan": ("subkegiatan", "sub_kegiatan"),
}
# The code split over five columns (the Kepmendagri annexes' tables).
SPLIT = {
    "urusan": ("urusan_unsur", "urusan"),
    "bidang_urusan": ("bidang_urusan_bidang_unsur", "bidang_urusan", "bidang"),
    "program": ("program",),
    "kegiatan": ("kegiatan",),
    "sub_kegiatan": ("sub_kegiatan", "subkegiatan"),
}
KNOWN_COLUMNS = frozenset(
    key for table in (COLUMNS, COMBINED, SPLIT) for keys in table.values() for key in keys
)
MAX_PROBLEMS = 200  # a report longer than this helps nobody; the first ones say enough

GOVERNMENT_LEVELS = {  # JENIS PEMDA as written (header_key form) → GovernmentLevel
    "prov": GovernmentLevel.PROVINCE,
    "provinsi": GovernmentLevel.PROVINCE,
    "province": GovernmentLevel.PROVINCE,
    "kabkot": GovernmentLevel.REGENCY,
    "kabkota": GovernmentLevel.REGENCY,
    "kab_kota": GovernmentLevel.REGENCY,
    "kabupaten_kota": GovernmentLevel.REGENCY,
    "kabupaten": GovernmentLevel.REGENCY,
    "kota": GovernmentLevel.REGENCY,
    "regency": GovernmentLevel.REGENCY,
}
SPM_VALUES = {"spm": True, "ya": True, "yes": True, "non_spm": False, "tidak": False, "no": False}
_PLACEHOLDER = re.compile(r"^X\.XX(?=\.|$)", re.IGNORECASE)  # every bidang: `X.XX…`
_ANY_BIDANG = "1.01"  # stands in for X.XX while a placeholder code is checked


@dataclass(frozen=True)
class RowProblem:
    row: int
    code: str
    message: str


class ImportRefusedError(ValidationError):
    """The file has bad rows; nothing was imported. `problems` names the first
    MAX_PROBLEMS of them, `bad_rows` counts them all."""

    def __init__(self, problems: list[RowProblem], *, bad_rows: int | None = None):
        self.problems = problems
        self.bad_rows = len(problems) if bad_rows is None else bad_rows
        super().__init__(
            _("Nothing was imported: %(count)s row(s) need fixing.")
            % {"count": number(self.bad_rows)}
        )


class _RowError(Exception):
    def __init__(self, code: str, message: str):
        self.code, self.message = code, message


def pick(row: dict[str, str], columns: tuple[str, ...]) -> str:
    """The first non-empty value among the header names a column goes by."""
    for column in columns:
        if row.get(column):
            return row[column]
    return ""


def collapse(text: str) -> str:
    """Text with each run of spaces and line breaks made one space (PDF tables have many)."""
    return " ".join(text.split())


def name_key(name: str) -> str:
    """A name as names are compared across versions: lower case, spaces collapsed."""
    return " ".join(name.lower().split())


def read_code(raw: str) -> codes.Code | None:
    """A code as `codes.parse` reads it, or its `X.XX…` placeholder form (the level it
    would have under any bidang); None for `X` and `X.XX` alone, which name no item."""
    text = raw.strip()
    if text.upper() in ("X", "X.XX"):
        return None
    if _PLACEHOLDER.match(text):
        code = codes.parse(_ANY_BIDANG + text[4:])
        return codes.Code("X.XX" + code.code[len(_ANY_BIDANG) :], code.level)
    return codes.parse(text)


def _parsed(raw: str) -> codes.Code | None:
    try:
        return read_code(raw)
    except ValidationError as error:
        raise _RowError(raw, " ".join(error.messages)) from None


@dataclass(slots=True)
class _Item:
    """A NomenclatureItem as read, its fields in the order they are written (a model
    instance each costs more than the rest of the import: the national list has 21,000)."""

    government_level: str
    level: str
    code: str
    name: str
    parent_code: str
    is_penunjang: bool
    kinerja: str = ""
    indikator: str = ""
    satuan: str = ""
    tags: tuple[str, ...] = ()
    spm: bool = False
    previous_code: str = ""


@dataclass(slots=True)
class _Entry:
    """One item as read: the row that defined it, and whether that row was its own."""

    row: int
    own: bool  # a row of its own (not only named above a deeper code)
    item: _Item


class _Reader:
    """The items of one file, checked row by row."""

    def __init__(self, government_level: str):
        self.default_level = government_level
        self.entries: dict[tuple[str, str], _Entry] = {}
        self.problems: list[RowProblem] = []
        self.bad_rows = 0
        self.shape = ""
        self._cells: dict[str, tuple[codes.Code | None, str]] = {}
        self._tags: dict[str, tuple[str, ...]] = {}

    # The header --------------------------------------------------------------------------

    def on_header(self, keys: list[str]) -> None:
        found = set(keys)
        if found & set(COLUMNS["code"]):
            self.shape, needed = "simple", {"name": COLUMNS["name"]}
        elif found & set(SPLIT["urusan"]):
            self.shape, needed = "split", {**SPLIT, "name": COLUMNS["name"]}
        elif found & set(COMBINED["sub_kegiatan"]):
            self.shape, needed = "combined", COMBINED
        else:
            raise ValidationError(
                _(
                    "The file has no column of codes. Write them as KODE and NAMA; as BIDANG, "
                    "PROGRAM, KEGIATAN and SUBKEGIATAN (code and name in each cell); or as "
                    "URUSAN, BIDANG URUSAN, PROGRAM, KEGIATAN and SUB KEGIATAN beside "
                    "NOMENKLATUR. Columns found: %(found)s."
                )
                % {"found": ", ".join(keys[:30]) or _("none")},
                code="missing_column",
            )
        missing = [
            aliases[0].upper().replace("_", " ")
            for aliases in needed.values()
            if not found & set(aliases)
        ]
        if missing:
            raise ValidationError(
                _("The file has no column %(missing)s. Columns found: %(found)s.")
                % {"missing": ", ".join(missing), "found": ", ".join(keys[:30])},
                code="missing_column",
            )

    # The rows ----------------------------------------------------------------------------

    def read(self, line: int, row: dict[str, str]) -> None:
        try:
            if self.shape == "simple":
                self._simple(line, row)
            elif self.shape == "split":
                self._split(line, row)
            else:
                self._combined(line, row)
        except _RowError as error:
            self.bad_rows += 1
            if len(self.problems) < MAX_PROBLEMS:
                self.problems.append(RowProblem(line, error.code, error.message))

    def _simple(self, line: int, row: dict[str, str]) -> None:
        raw, title = pick(row, COLUMNS["code"]), collapse(pick(row, COLUMNS["name"]))
        if not raw and not title:
            return  # an empty line
        code = _parsed(raw)
        if code is None:
            return
        level = pick(row, COLUMNS["level"]).lower()
        if level and level != code.level:
            raise _RowError(
                raw,
                _("The level column says %(level)s, but the code is a %(actual)s.")
                % {"level": level, "actual": code.level},
            )
        self._own(line, row, self._government_level(row), raw, code, title)

    def _split(self, line: int, row: dict[str, str]) -> None:
        parts = [pick(row, aliases).strip() for aliases in SPLIT.values()]
        title = collapse(pick(row, COLUMNS["name"]))
        if not any(parts) and not title:
            return
        while parts and not parts[-1]:
            parts.pop()
        urusan, *rest = parts or [""]
        widths = (2, 2, None, 4)  # bidang, program, (kegiatan), sub kegiatan
        written = [urusan]
        for part, width in zip(rest, widths, strict=False):
            if width is None and re.fullmatch(r"\d\.\d", part):
                part += "0"  # 2.10 typed as a number is read 2.1
            elif width and part.isdigit():
                part = part.zfill(width)
            written.append(part)
        raw = ".".join(written)
        code = _parsed(raw)
        if code is not None:
            self._own(line, row, self._government_level(row), raw, code, title)

    def _combined(self, line: int, row: dict[str, str]) -> None:
        written = [
            (expected, cell)
            for expected, aliases in COMBINED.items()
            if (cell := pick(row, aliases).strip())
        ]
        if not written:
            return
        level = self._government_level(row)
        above = None
        for index, (expected, cell) in enumerate(written):
            code, title = self._cell(cell)
            if code is None:  # X.XX, the bidang that stands for every bidang
                continue
            if code.level != expected:
                raise _RowError(
                    cell.split()[0],
                    _("The %(column)s column holds %(code)s, a %(level)s code.")
                    % {"column": expected, "code": code.code, "level": code.level},
                )
            if above is not None and code.parent != above:
                raise _RowError(
                    code.code,
                    _("%(code)s is not under %(parent)s, written before it on the row.")
                    % {"code": code.code, "parent": above},
                )
            above = code.code
            if index < len(written) - 1:
                self._named(line, level, code, title)
            else:
                self._own(line, row, level, cell.split()[0], code, title)

    def _cell(self, cell: str) -> tuple[codes.Code | None, str]:
        """A combined cell's code and name; the cells above the sub kegiatan repeat on
        every row, so each distinct one is read once."""
        found = self._cells.get(cell)
        if found is None:
            raw, title = (*cell.split(None, 1), "")[:2]
            found = (_parsed(raw), collapse(title))
            self._cells[cell] = found
        return found

    # The items ---------------------------------------------------------------------------

    def _government_level(self, row: dict[str, str]) -> str:
        written = pick(row, COLUMNS["government_level"]).strip()
        if not written:
            return self.default_level
        level = GOVERNMENT_LEVELS.get(header_key(written))
        if level is None:
            raise _RowError(
                written,
                _("JENIS PEMDA says %(value)s; write PROV (provinsi) or KABKOT (kab/kota).")
                % {"value": written},
            )
        return level

    def _named(self, line: int, level: str, code: codes.Code, title: str) -> None:
        """A code named above a deeper one on the row: the first row defines it, the
        others must give it the same name."""
        entry = self.entries.get((level, code.code))
        if entry is None:
            if not title:
                raise _RowError(code.code, _("The name is empty."))
            self.entries[(level, code.code)] = _Entry(line, False, _item(level, code, title))
        elif name_key(entry.item.name) != name_key(title):
            raise _RowError(
                code.code,
                _("%(code)s is named “%(name)s” here but “%(first)s” on row %(row)s.")
                % {"code": code.code, "name": title, "first": entry.item.name, "row": entry.row},
            )

    def _own(
        self, line: int, row: dict[str, str], level: str, raw: str, code: codes.Code, title: str
    ) -> None:
        """The row's own code, with the columns that describe it."""
        if not title:
            raise _RowError(raw, _("The name is empty."))
        entry = self.entries.get((level, code.code))
        if entry is not None and entry.own:
            raise _RowError(
                raw,
                _("The code %(code)s appears twice (first on row %(row)s).")
                % {"code": code.code, "row": entry.row},
            )
        if entry is not None and name_key(entry.item.name) != name_key(title):
            raise _RowError(
                raw,
                _("%(code)s is named “%(name)s” here but “%(first)s” on row %(row)s.")
                % {"code": code.code, "name": title, "first": entry.item.name, "row": entry.row},
            )
        item = _item(level, code, title)
        item.kinerja = collapse(pick(row, COLUMNS["kinerja"]))
        item.indikator = collapse(pick(row, COLUMNS["indikator"]))
        item.satuan = collapse(pick(row, COLUMNS["satuan"]))[:100]
        written = pick(row, COLUMNS["tags"])
        if (tags := self._tags.get(written)) is None:
            tags = self._tags[written] = _tags(written)
        item.tags = tags
        item.spm = _spm(pick(row, COLUMNS["spm"]))
        if previous := pick(row, COLUMNS["previous_code"]).strip():
            before = _parsed(previous.split()[0])
            item.previous_code = before.code if before else ""
        self.entries[(level, code.code)] = _Entry(line, True, item)

    def items(self) -> list[_Item]:
        """Every item, the `X.XX` ones once under each bidang of their level."""
        found = {key: entry.item for key, entry in self.entries.items()}
        placeholders = {key: item for key, item in found.items() if key[1].startswith("X")}
        bidang: dict[str, set[str]] = defaultdict(set)
        for (level, code), item in found.items():
            if item.level != "urusan" and not code.startswith("X"):
                bidang[level].add(code[:4])
                bidang[""].add(code[:4])
        for (level, code), template in placeholders.items():
            del found[(level, code)]
            for each in sorted(bidang[level]):
                expanded = each + code[4:]
                if (level, expanded) in found:
                    continue  # the file names this bidang's own: it stays
                found[(level, expanded)] = replace(
                    template,
                    code=expanded,
                    parent_code=codes.Code(expanded, template.level).parent or "",
                    previous_code=(
                        each + template.previous_code[4:]
                        if template.previous_code.startswith("X")
                        else template.previous_code
                    ),
                )
        return list(found.values())


def _item(level: str, code: codes.Code, title: str) -> _Item:
    return _Item(level, code.level, code.code, title, code.parent or "", code.is_penunjang)


def _tags(text: str) -> tuple[str, ...]:
    """The TAG cell: a JSON list (`["STUNTING", "KESPRO"]`, `[null]` for none) or names
    separated by semicolons or line breaks; each tag once, in the file's order."""
    text = text.strip()
    if not text:
        return ()
    if text.startswith("["):
        try:
            values = json.loads(text)
        except ValueError:
            values = None
        if not isinstance(values, list):
            raise _RowError(
                text[:50],
                _('The TAG column is not a list like ["STUNTING", "KESPRO"].'),
            )
        tags = [collapse(str(value)) for value in values if value is not None]
    else:
        tags = [collapse(part) for part in re.split(r"[;\n]", text)]
    return tuple(dict.fromkeys(tag[:100] for tag in tags if tag))


def _spm(text: str) -> bool:
    key = header_key(text)
    if not key:
        return False
    if key not in SPM_VALUES:
        raise _RowError(
            text[:50], _("The SPM column says %(value)s; write SPM or NON-SPM.") % {"value": text}
        )
    return SPM_VALUES[key]


def nomenclature_import(
    *,
    name: str,
    file,
    filename: str,
    source: str = "",
    government_level: str = "",
    actor=None,
    progress: Callable[[int], None] | None = None,
) -> NomenclatureVersion:
    """Import a nomenclature file as the version `name`; any bad row refuses the whole file.

    `government_level` ("province", "regency", or "" for both) is the level of the rows that
    do not say theirs (files without JENIS PEMDA, e.g. the kab/kota annex of a Kepmendagri).
    The file is read outside the transaction, so `progress` (rows read) can be committed
    as it goes; only the writing is atomic."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Name the version, e.g. Kepmendagri 900.1-861/2026."))
    if government_level not in ("", *GovernmentLevel.values):
        raise ValidationError(
            _("Choose the level of government: province, regency or both."), code="invalid"
        )
    if NomenclatureVersion.objects.filter(name=name).exists():
        raise ValidationError(_("A version named %(name)s exists already.") % {"name": name})
    reader = _Reader(government_level)
    for line, row in read_rows(
        file, filename, columns=KNOWN_COLUMNS, on_header=reader.on_header, progress=progress
    ):
        reader.read(line, row)
    if reader.bad_rows:
        raise ImportRefusedError(reader.problems, bad_rows=reader.bad_rows)
    items = reader.items()
    if not items:
        raise ValidationError(_("The file has no rows with a code and a name."))
    with transaction.atomic():
        if NomenclatureVersion.objects.filter(name=name).exists():  # taken while reading
            raise ValidationError(_("A version named %(name)s exists already.") % {"name": name})
        version = NomenclatureVersion.objects.create(
            name=name,
            source=source[:300],
            imported_by=actor if getattr(actor, "pk", None) else None,
        )
        _insert(version, items)
    return version


def _insert(version: NomenclatureVersion, items: list[_Item]) -> None:
    """Write the items: COPY on PostgreSQL, one prepared INSERT run over all rows elsewhere.
    Django's bulk_create takes 2 s (PostgreSQL) to 4 s (SQLite) for the national list's
    21,000 items, this a tenth of it; an import must finish within 5 s (issue 13)."""
    names = [field.name for field in fields(_Item)]
    meta = NomenclatureItem._meta
    columns = ", ".join(
        connection.ops.quote_name(meta.get_field(name).column) for name in ["version", *names]
    )
    table = connection.ops.quote_name(meta.db_table)
    tags_at = names.index("tags")
    rows = (
        (version.pk, *row[:tags_at], json.dumps(row[tags_at]), *row[tags_at + 1 :])
        for row in map(attrgetter(*names), items)
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * (len(names) + 1))
            # The table's and columns' names come from the model; the values are parameters.
            insert = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
            cursor.executemany(insert, list(rows))


# Versions ------------------------------------------------------------------------------------


def successors(version: NomenclatureVersion, *, government_level: str = "") -> dict[str, str]:
    """Retired codes read as current ones: {older code → its successor in `version`}.

    Keys and values are normalised codes (`codes.parse(raw).code`): a budget's code is parsed
    first, so a 2-digit sub kegiatan of the 2019 annex (`1.02.02.2.01.01`) finds the entry of
    its 4-digit form. A code that `version` itself has is never a key: it means what the
    version says. Two sources, the first winning:

    1. the version's own previous codes (the national list's SUBKEGIATAN SEBELUMNYA);
    2. identical names across versions (`successors_by_name`, against every other version
       stored): an older sub kegiatan whose name is the name of exactly one sub kegiatan of
       the same bidang in `version`.

    `government_level` ("province" or "regency") reads only the items for that level and
    those for both; "" reads all, and drops an older code that would map to different
    codes at the two levels."""
    items = NomenclatureItem.objects.filter(version=version)
    if government_level:
        items = items.for_level(government_level)
    current: set[str] = set()
    found: dict[str, str | None] = {}
    for code, previous in items.values_list("code", "previous_code"):
        current.add(code)
        if previous:
            found[previous] = code if found.get(previous, code) == code else None
    older = NomenclatureVersion.objects.exclude(pk=version.pk)
    by_name = successors_by_name(version, older, government_level=government_level)
    mapped = {old: new for old, new in found.items() if new is not None and old not in current}
    return by_name | mapped


def successors_by_name(
    version: NomenclatureVersion,
    older: Iterable[NomenclatureVersion],
    *,
    government_level: str = "",
) -> dict[str, str]:
    """{older code → code in `version`} by identical names: a sub kegiatan of an older
    version whose code `version` does not have, and whose name (`name_key`: lower case,
    spaces collapsed) is the name of exactly one sub kegiatan code of the same bidang in
    `version`, at a compatible level of government (the same, or either for both). An older
    code that two of its versions or levels would map differently maps to nothing."""
    items = NomenclatureItem.objects.filter(level="sub_kegiatan")
    if government_level:
        items = items.for_level(government_level)
    named: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    current: set[str] = set()
    rows = items.filter(version=version).values_list("government_level", "code", "name")
    for level, code, name in rows.iterator(chunk_size=5000):
        current.add(code)
        named[(code[:4], name_key(name))].add((level, code))
    found: dict[str, str | None] = {}
    rows = items.filter(version__in=[each.pk for each in older])
    for level, code, name in rows.values_list("government_level", "code", "name").iterator(
        chunk_size=5000
    ):
        if code in current:
            continue
        matches = {
            new
            for new_level, new in named.get((code[:4], name_key(name)), ())
            if not level or not new_level or level == new_level
        }
        if len(matches) == 1:
            (new,) = matches
            found[code] = new if found.get(code, new) == new else None
        elif matches:
            found[code] = None
    return {old: new for old, new in found.items() if new is not None}
