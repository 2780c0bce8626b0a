"""Hostile files against every import and every upload: each is refused with a message in
Indonesian, changes nothing in the database and stays within a memory bound (issue 11, 6).

The corpus is built here, in code: bombs are small when packed, so nothing large is kept in
the repository, and each case says what it is.
"""

import functools
import io
import random
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from planning.budget import budget_import
from planning.models import (
    Budget,
    BudgetLine,
    NomenclatureItem,
    NomenclatureVersion,
    Stage,
    SubKegiatanTag,
)
from planning.nomenclature import nomenclature_import
from planning.tags import tags_import

pytestmark = pytest.mark.django_db
MEMORY_BOUND = 100 * 1_048_576  # peak of Python allocations while one file is refused
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"


# --- The corpus -------------------------------------------------------------------------


@functools.cache
def _workbook() -> bytes:
    """A small honest workbook (with a shared-strings part) that the cases below spoil."""
    book = Workbook()
    sheet = book.active
    sheet.append(["kode", "nomenklatur"])
    sheet.append(["1.02.02.2.01.0001", "Pelayanan Kesehatan Ibu Hamil"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _replace(members: dict[str, object]) -> bytes:
    """The honest workbook with some members replaced: bytes, or a callable that writes the
    member in chunks to a stream (so a bomb is never held unpacked in memory)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_workbook())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        names = [info.filename for info in source.infolist()]
        for name in names + [name for name in members if name not in names]:
            content = members.get(name, source.read(name) if name in names else b"")
            if callable(content):
                with target.open(name, "w", force_zip64=True) as stream:
                    content(stream)
            else:
                target.writestr(name, content)
    return out.getvalue()


def _zeros(size: int):
    def write(stream):
        block = b"\0" * 1_048_576
        for _ in range(size // len(block)):
            stream.write(block)

    return write


SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _sheet(dimension: str, rows: str, prolog: str = "") -> bytes:
    return (
        SHEET_HEAD.replace("\n", "\n" + prolog)
        + f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    ).encode()


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


HEADER_ROW = f'<row r="1">{_cell("A1", "kode")}{_cell("B1", "nomenklatur")}</row>'


@functools.cache
def zip_bomb() -> bytes:
    """A worksheet of 250 MB of zeros, deflated to a few hundred KB."""
    return _replace({SHEET: _zeros(250 * 1_048_576)})


@functools.cache
def ten_million_rows() -> bytes:
    """The probe's 89 KB file: a <dimension> of 10 million rows and a row numbered so."""
    far = f'<row r="10000000">{_cell("A10000000", "x")}</row>'
    return _replace({SHEET: _sheet("A1:B10000000", HEADER_ROW + far)})


@functools.cache
def ten_million_rows_undeclared() -> bytes:
    """The same far row behind an honest-looking <dimension>: caught while reading."""
    far = f'<row r="10000000">{_cell("A10000000", "x")}</row>'
    return _replace({SHEET: _sheet("A1:B2", HEADER_ROW + far)})


@functools.cache
def shared_string_bomb() -> bytes:
    """One shared string of 300 MB, the probe's 965 MB case."""

    def write(stream):
        stream.write(
            b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'count="1" uniqueCount="1"><si><t>'
        )
        block = b"A" * 1_048_576
        for _ in range(300):
            stream.write(block)
        stream.write(b"</t></si></sst>")

    return _replace({STRINGS: write})


def xxe() -> bytes:
    prolog = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return _replace({SHEET: _sheet("A1:B2", HEADER_ROW + _row2("&xxe;"), prolog)})


def billion_laughs() -> bytes:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    )
    prolog = f"<!DOCTYPE worksheet [{entities}]>"
    return _replace({SHEET: _sheet("A1:B2", HEADER_ROW + _row2("&lol9;"), prolog)})


def _row2(name: str) -> str:
    return f'<row r="2">{_cell("A2", "1.02.02.2.01.0001")}{_cell("B2", name)}</row>'


def broken_xml() -> bytes:
    return _replace({SHEET: SHEET_HEAD.encode() + b"<sheetData><row r=1><c"})


def corrupt_zip() -> bytes:
    """The honest workbook with its packed bytes scrambled in the middle."""
    data = bytearray(_workbook())
    middle = len(data) // 2
    data[middle : middle + 200] = random.Random(11).randbytes(200)  # noqa: S311
    return bytes(data)


def random_bytes() -> bytes:
    return random.Random(6).randbytes(64 * 1024)  # noqa: S311


class LazyCsv(io.RawIOBase):
    """A CSV of `size` bytes, made as it is read: never in memory whole."""

    def __init__(self, size: int):
        self.size, self.given = size, 0
        self.line = b"1.02.02.2.01.0001,Pelayanan Kesehatan Ibu Hamil,1250000\n"

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = min(len(buffer), self.size - self.given)
        if self.given == 0:
            chunk = b"kode,nomenklatur,pagu\n" + self.line * (count // len(self.line) + 1)
        else:
            chunk = self.line * (count // len(self.line) + 2)
        start = self.given % len(self.line) if self.given else 0
        buffer[:count] = chunk[start : start + count]
        self.given += count
        return count


def csv_long_cells() -> bytes:
    return ("kode,nomenklatur\n1.02.02.2.01.0001," + "x" * 10_001 + "\n").encode()


def csv_many_columns() -> bytes:
    header = ",".join(["kode", "nomenklatur"] + [f"c{n}" for n in range(998)])
    return (header + "\n" + ",".join(["1.02.02.2.01.0001", "Nama"] + ["1"] * 998) + "\n").encode()


def csv_one_endless_line() -> bytes:
    """5 MB without a line break: not a table, and never held whole."""
    return b"kode,nomenklatur," + b"x" * (5 * 1_048_576)


UNREADABLE_XLSX = "Berkas XLSX tidak dapat dibaca."
# (case, file name, the file, the message every import gives)
CORPUS = [
    (
        "zip bomb",
        "bom.xlsx",
        zip_bomb,
        "Berkas XLSX terurai menjadi lebih dari 200 MB; simpan sebagai CSV atau pecah berkasnya.",
    ),
    (
        "10 million rows declared",
        "baris.xlsx",
        ten_million_rows,
        "Berkas berisi lebih dari 200.000 baris; pecah menjadi beberapa berkas.",
    ),
    (
        "10 million rows undeclared",
        "baris.xlsx",
        ten_million_rows_undeclared,
        "Berkas berisi lebih dari 200.000 baris; pecah menjadi beberapa berkas.",
    ),
    (
        "shared-string bomb",
        "teks.xlsx",
        shared_string_bomb,
        "Berkas XLSX terurai menjadi lebih dari 200 MB; simpan sebagai CSV atau pecah berkasnya.",
    ),
    (
        "XXE",
        "xxe.xlsx",
        xxe,
        "Berkas XLSX memuat DTD atau entitas XML, yang tidak diterima.",
    ),
    (
        "billion laughs",
        "tawa.xlsx",
        billion_laughs,
        "Berkas XLSX memuat DTD atau entitas XML, yang tidak diterima.",
    ),
    ("broken XML", "rusak.xlsx", broken_xml, UNREADABLE_XLSX),
    ("corrupt zip", "rusak.xlsx", corrupt_zip, UNREADABLE_XLSX),
    ("random bytes as XLSX", "acak.xlsx", random_bytes, UNREADABLE_XLSX),
    (
        "random bytes as CSV",
        "acak.csv",
        random_bytes,
        "Berkas ini bukan teks UTF-8; simpan sebagai CSV UTF-8.",
    ),
    (
        "a CSV of 50 MB",
        "besar.csv",
        lambda: LazyCsv(50 * 1_048_576),
        "Berkas lebih dari 20 MB; pecah berkasnya atau simpan sebagai CSV.",
    ),
    (
        "cells of 10,001 characters",
        "sel.csv",
        csv_long_cells,
        "Baris 2 memuat sel yang lebih panjang dari 10.000 karakter.",
    ),
    (
        "1,000 columns",
        "kolom.csv",
        csv_many_columns,
        "Baris 1 memuat lebih dari 200 kolom.",
    ),
    (
        "a line without end",
        "satu-baris.csv",
        csv_one_endless_line,
        "Satu baris berkas lebih panjang dari 2.000.600 karakter.",
    ),
]


def _opened(make):
    made = make()
    return made if isinstance(made, io.RawIOBase) else io.BytesIO(made)


# --- The imports --------------------------------------------------------------------------


@pytest.fixture
def codes():
    return nomenclature_import(
        name="Uji",
        file=io.BytesIO(b"kode,nomenklatur\n1.02.02.2.01.0001,Pelayanan Kesehatan Ibu Hamil\n"),
        filename="k.csv",
    )


def _planning_rows() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (NomenclatureVersion, NomenclatureItem, Budget, BudgetLine, SubKegiatanTag)
    }


IMPORTS = {
    "nomenclature": lambda region, codes, file, name: nomenclature_import(
        name="Serangan", file=file, filename=name
    ),
    "budget": lambda region, codes, file, name: budget_import(
        region=region, year=2027, stage=Stage.APBD, nomenclature=codes, file=file, filename=name
    ),
    "tags": lambda region, codes, file, name: tags_import(region=region, file=file, filename=name),
}


@pytest.mark.parametrize("kind", IMPORTS)
@pytest.mark.parametrize(
    ("case", "filename", "make", "message"), CORPUS, ids=[case[0] for case in CORPUS]
)
def test_hostile_file_is_refused_by_every_import_with_nothing_kept(
    region, codes, kind, case, filename, make, message
):
    before = _planning_rows()
    file = _opened(make)
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            IMPORTS[kind](region, codes, file, filename)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (refused.value.messages, _planning_rows()) == ([message], before)
    assert peak < MEMORY_BOUND, f"{case}: peak {peak / 1_048_576:.0f} MB"
