"""Hostile files against every import and every upload: each is refused with a message in
Indonesian, changes nothing in the database and stays within a memory bound (issue 11, 6).

The corpus is built here, in code: bombs are small when packed, so nothing large is kept in
the repository, and each case says what it is.
"""

import datetime
import functools
import io
import random
import struct
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from PIL import Image

from feedback.complaints import complaint_file
from feedback.models import Classification, Complaint, ComplaintAttachment
from licensing.domain import document_upload
from licensing.models import Document
from planning.budget import budget_import
from planning.imports import read_rows
from planning.jobs import import_job_create, import_jobs_run_due
from planning.models import (
    Budget,
    BudgetLine,
    ImportJob,
    NomenclatureItem,
    NomenclatureVersion,
    Stage,
    SubKegiatanTag,
)
from planning.nomenclature import nomenclature_import
from planning.tags import tags_import
from portal.permits import PermitCheckForm
from tests import factories

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
    return ("kode,nomenklatur\n1.02.02.2.01.0001," + "x" * 32_768 + "\n").encode()


def csv_many_columns() -> bytes:
    header = ",".join(["kode", "nomenklatur"] + [f"c{n}" for n in range(998)])
    return (header + "\n" + ",".join(["1.02.02.2.01.0001", "Nama"] + ["1"] * 998) + "\n").encode()


def csv_one_endless_line() -> bytes:
    """5 MB without a line break: not a table, and never held whole."""
    return b"kode,nomenklatur," + b"x" * (5 * 1_048_576)


UNREADABLE_XLSX = "Berkas XLSX tidak dapat dibaca."
UNPACKS_TOO_LARGE = (
    "Berkas XLSX terurai menjadi lebih dari 200 MB; simpan sebagai CSV atau pecah berkasnya."
)
# (case, file name, the file, the message every import gives)
CORPUS = [
    (
        "zip bomb",
        "bom.xlsx",
        zip_bomb,
        UNPACKS_TOO_LARGE,
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
        UNPACKS_TOO_LARGE,
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
        "cells of 32,768 characters",
        "sel.csv",
        csv_long_cells,
        "Baris 2 memuat sel yang lebih panjang dari 32.767 karakter.",
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


# --- The uploads of applicants and complainants --------------------------------------------


def _png(width: int, height: int, *, rows: bool = True) -> bytes:
    """A 1-bit greyscale PNG of this size, its pixels all zero (so it packs to almost
    nothing), or with no pixel data at all when `rows` is False."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    packer = zlib.compressobj(9)
    row = b"\0" * (1 + (width + 7) // 8)
    pixels = b"".join(packer.compress(row) for _ in range(height if rows else 0))
    pixels += packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _jpeg() -> bytes:
    image = Image.frombytes("L", (256, 256), random.Random(3).randbytes(256 * 256))  # noqa: S311
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_zip_polyglot() -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("muatan.exe", b"MZ" + b"\0" * 1000)
    return PDF + archive.getvalue()


def image_bomb() -> bytes:
    """30,000 × 30,000 pixels (900 megapixels) in about 100 KB."""
    return _png(30_000, 30_000)


def image_over_our_limit() -> bytes:
    """100 megapixels: Pillow only warns at this size; we refuse."""
    return _png(10_000, 10_000)


def png_huge_declared_size() -> bytes:
    """A header that claims 100,000 × 100,000 pixels over no pixel data."""
    return _png(100_000, 100_000, rows=False)


def truncated_jpeg() -> bytes:
    whole = _jpeg()
    return whole[: len(whole) * 6 // 10]


def truncated_pdf() -> bytes:
    return PDF[:30]


TOO_MANY_PIXELS = (
    "Gambar memiliki terlalu banyak piksel (batasnya 50 megapiksel); "
    "kirim foto atau pindaian yang lebih kecil."
)
UPLOAD_CORPUS = [
    (
        "PDF/ZIP polyglot",
        "ktp.pdf",
        pdf_zip_polyglot,
        "Berkas ini juga memuat arsip (ZIP) di dalamnya; "
        "simpan ulang sebagai PDF, JPEG, atau PNG biasa.",
    ),
    ("image decompression bomb", "foto.png", image_bomb, TOO_MANY_PIXELS),
    ("100 megapixels", "foto.png", image_over_our_limit, TOO_MANY_PIXELS),
    ("PNG with a huge declared size", "foto.png", png_huge_declared_size, TOO_MANY_PIXELS),
    (
        "truncated JPEG",
        "foto.jpg",
        truncated_jpeg,
        "Gambar rusak atau tidak lengkap; kirim ulang.",
    ),
    (
        "PDF cut short",
        "ktp.pdf",
        truncated_pdf,
        "PDF rusak atau tidak lengkap; simpan ulang lalu kirim.",
    ),
    (
        "random file named .pdf",
        "ktp.pdf",
        random_bytes,
        "Hanya berkas PDF, JPEG, atau PNG yang diterima; berkas ini bukan salah satunya.",
    ),
]


def _upload_rows() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Document, Complaint, ComplaintAttachment)
    }


def _document(region, applicant, upload):
    document_upload(
        owner=applicant, document_type=factories.make_document_type(region), upload=upload
    )


def _complaint(region, applicant, upload):
    complaint_file(
        region=region,
        classification=Classification.COMPLAINT,
        title="Lampiran",
        what_happened="Lihat lampiran.",
        anonymous=True,
        attachments=[upload],
    )


def _permit_check(region, applicant, upload):
    form = PermitCheckForm(files={"file": upload})
    if not form.is_valid():
        raise ValidationError(form.errors["file"])


UPLOADS = {"document": _document, "complaint": _complaint, "permit check": _permit_check}


@pytest.mark.parametrize("kind", UPLOADS)
@pytest.mark.parametrize(
    ("case", "filename", "make", "message"), UPLOAD_CORPUS, ids=[c[0] for c in UPLOAD_CORPUS]
)
def test_hostile_upload_is_refused_everywhere_with_nothing_kept(
    region, applicant, kind, case, filename, make, message, settings, tmp_path
):
    before = _upload_rows()
    upload = SimpleUploadedFile(filename, make())
    resident = _resident_peak_reset()
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            UPLOADS[kind](region, applicant, upload)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    grown = _resident_peak() - resident if resident is not None else 0
    stored = [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]
    assert (refused.value.messages, _upload_rows(), stored) == ([message], before, [])
    assert peak < MEMORY_BOUND, f"{case}: peak {peak / 1_048_576:.0f} MB"
    # Pillow decodes in C, outside tracemalloc: the process's resident peak covers it.
    assert grown < MEMORY_BOUND, f"{case}: resident peak grew {grown / 1_048_576:.0f} MB"


def _resident_peak_reset() -> int | None:
    """Reset the process's resident high-water mark (Linux) and return the resident size
    now, or None where that cannot be done."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return None
    return _proc_status("VmRSS")


def _resident_peak() -> int:
    return _proc_status("VmHWM")


def _proc_status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


def test_a_real_photo_and_scan_are_still_accepted(region, applicant):
    photo = SimpleUploadedFile("foto.jpg", _jpeg())
    scan = SimpleUploadedFile("denah.png", _png(800, 600))
    kinds = [
        document_upload(
            owner=applicant, document_type=factories.make_document_type(region), upload=upload
        ).content_type
        for upload in (photo, scan)
    ]
    assert kinds == ["image/jpeg", "image/png"]


# --- Large imports: stored by the request, run by the worker ---------------------------------


def _post_budget(client, codes, name: str, content: bytes):
    return client.post(
        reverse("backoffice:budget_upload"),
        {
            "b-year": "2027",
            "b-stage": "apbd",
            "b-nomenclature": codes.pk,
            "b-file": SimpleUploadedFile(name, content),
        },
    )


def _stored(settings) -> list:
    return [path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()]


def test_a_large_budget_is_imported_by_the_worker_with_its_progress_shown(
    client, planner, codes, dinkes, settings
):
    settings.SATUPINTU_IMPORT_INLINE_MAX_BYTES = 10_000  # this file is over it
    rows = "".join(
        f"1.02.0.00.0.00.01.0000,1.02.02.2.01.0001,5.1.02.01.01.{n:04d},{n}\n"
        for n in range(1, 2501)
    )
    client.force_login(planner)
    posted = _post_budget(
        client,
        codes,
        "apbd.csv",
        ("kode_skpd,kode_sub_kegiatan,kode_rekening,pagu\n" + rows).encode(),
    )
    job = ImportJob.objects.get()
    assert posted["Location"] == reverse("backoffice:import_job", args=[job.pk])
    waiting = client.get(posted["Location"])
    assert (waiting["Refresh"], job.status, job.rows_total, Budget.objects.count()) == (
        "3",
        "queued",
        2500,
        0,
    )
    assert "Menunggu pekerja latar" in waiting.text

    call_command("run_worker", "--once", stdout=io.StringIO())

    job.refresh_from_db()
    budget = Budget.objects.get()
    assert (
        job.status,
        job.rows_done,
        job.budget,
        job.result,
        job.file.name,
        _stored(settings),
    ) == (
        "done",
        2500,
        budget,
        f"{budget}: 2.500 baris diimpor.",
        "",
        [],
    )
    assert (budget.line_count, budget.total) == (2500, sum(range(1, 2501)))
    shown = client.get(posted["Location"])
    assert "Refresh" not in shown
    assert reverse("backoffice:budget_analysis", args=[budget.pk]) in shown.text


@pytest.mark.parametrize(
    ("name", "make", "error", "problems"),
    [
        (
            "bom.xlsx",
            zip_bomb,
            UNPACKS_TOO_LARGE,
            [],
        ),
        (
            "baris.xlsx",
            ten_million_rows,
            "Berkas berisi lebih dari 200.000 baris; pecah menjadi beberapa berkas.",
            [],
        ),
        (
            "apbd.csv",
            lambda: (
                b"kode_skpd,nama_skpd,kode_sub_kegiatan,pagu\n"
                b"1.02.0.00.0.00.01.0000,Dinkes,1.02.02.2.01.0001,-5\n"
                b"9.99.0.00.0.00.01.0000,Dinas Entah,1.02.02.2.01.0001,5\n"
            ),
            "Tidak ada yang diimpor. 1 baris perlu diperbaiki. 1 perangkat daerah dalam berkas "
            "belum menjadi milik daerah ini: petakan atau buat di bawah.",
            [[2, "1.02.02.2.01.0001", "jumlahnya negatif"]],
        ),
    ],
    ids=["zip bomb", "10 million rows", "bad rows"],
)
def test_a_refused_file_in_the_worker_is_shown_with_its_reason_and_nothing_kept(
    client, planner, codes, dinkes, settings, name, make, error, problems
):
    settings.SATUPINTU_IMPORT_INLINE_MAX_BYTES = 0
    client.force_login(planner)
    posted = _post_budget(client, codes, name, make())

    call_command("run_worker", "--once", stdout=io.StringIO())

    job = ImportJob.objects.get()
    shown = client.get(posted["Location"])
    assert (job.status, job.error, job.problems, Budget.objects.count(), _stored(settings)) == (
        "refused",
        error,
        problems,
        0,
        [],
    )
    assert [p["message"] for p in shown.context["problems"]] == [p[2] for p in problems]
    assert error in shown.text


def test_a_file_over_the_limit_is_refused_before_it_is_stored(client, planner, codes, settings):
    settings.SATUPINTU_IMPORT_MAX_BYTES = 1_048_576
    client.force_login(planner)
    response = _post_budget(client, codes, "apbd.csv", b"kode_skpd,pagu\n" + b"1,1\n" * 400_000)
    assert (response.context["budget_form"].errors["file"], ImportJob.objects.count()) == (
        ["Berkas lebih dari 1 MB; pecah berkasnya atau simpan sebagai CSV."],
        0,
    )
    assert _stored(settings) == []


def test_another_regions_import_is_not_shown(client, planner, other_region):
    job = ImportJob.objects.create(region=other_region, kind="tags", filename="tag-lain.csv")
    client.force_login(planner)
    assert client.get(reverse("backoffice:import_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("backoffice:import_job", args=[2**70])).status_code == 404


class UnsizedCsv(LazyCsv):
    """The same stream without a declared size: the bytes are counted as they are read."""

    def __init__(self, size: int):
        super().__init__(size)
        self.line = b"1.02.02.2.01.0001," + b"Pelayanan Kesehatan Ibu Hamil " * 5 + b",1250000\n"
        self.length = self.__dict__.pop("size")

    def readinto(self, buffer) -> int:
        self.size = self.length
        try:
            return super().readinto(buffer)
        finally:
            del self.size


def test_a_stream_of_unknown_size_is_stopped_at_the_limit_while_reading():
    stream = UnsizedCsv(50 * 1_048_576)
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            for _row in read_rows(stream, "besar.csv"):
                pass
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (refused.value.messages, stream.given <= 21 * 1_048_576) == (
        ["Berkas lebih dari 20 MB; pecah berkasnya atau simpan sebagai CSV."],
        True,
    )
    assert peak < MEMORY_BOUND


def test_a_job_left_running_by_a_stopped_worker_is_closed_with_the_reason(region, settings):
    upload = SimpleUploadedFile("tag.csv", b"kode,tag\n1.02.02.2.01.0001,stunting\n")
    job = import_job_create(region=region, kind="tags", upload=upload, options={}, actor=None)
    long_ago = timezone.now() - datetime.timedelta(
        seconds=3 * settings.SATUPINTU_IMPORT_MAX_SECONDS
    )
    ImportJob.objects.filter(pk=job.pk).update(status="running", started_at=long_ago)

    assert import_jobs_run_due() == 0

    job.refresh_from_db()
    assert (job.status, job.error, job.file.name, _stored(settings)) == (
        "refused",
        "Impor terputus karena pekerja latar berhenti; unggah berkasnya lagi.",
        "",
        [],
    )


@pytest.mark.parametrize(
    ("case", "filename", "make", "message"), UPLOAD_CORPUS, ids=[c[0] for c in UPLOAD_CORPUS]
)
def test_hostile_upload_to_the_locker_page_is_answered_not_a_500(
    client, region, applicant, case, filename, make, message
):
    ktp = factories.make_document_type(region)
    client.force_login(applicant)
    response = client.post(
        reverse("portal:locker"),
        {"document_type": ktp.pk, "file": SimpleUploadedFile(filename, make())},
    )
    assert (
        response.status_code,
        response.context["form"].errors["file"],
        Document.objects.count(),
    ) == (
        200,
        [message],
        0,
    )


def _post_import(client, codes, kind: str, name: str, content: bytes):
    upload = SimpleUploadedFile(name, content)
    data = {
        "nomenclature": {"n-name": "Serangan", "n-file": upload},
        "tags": {"t-submit": "1", "t-file": upload},
        "budget": {
            "b-year": "2027",
            "b-stage": "apbd",
            "b-nomenclature": codes.pk,
            "b-file": upload,
        },
    }[kind]
    url = {
        "nomenclature": "backoffice:nomenclature_upload",
        "tags": "backoffice:tags_upload",
        "budget": "backoffice:budget_upload",
    }[kind]
    return client.post(reverse(url), data)


# Those under the inline size (1 MB): the others go to the worker, tested above.
SMALL_CORPUS = [c for c in CORPUS if c[0] not in ("a CSV of 50 MB", "a line without end")]


@pytest.mark.parametrize("kind", IMPORTS)
@pytest.mark.parametrize(
    ("case", "filename", "make", "message"), SMALL_CORPUS, ids=[c[0] for c in SMALL_CORPUS]
)
def test_hostile_file_posted_to_an_import_form_is_answered_on_the_page(
    client, planner, codes, kind, case, filename, make, message
):
    """Small hostile files are read in the request: the page says why, nothing kept."""
    before = _planning_rows()
    client.force_login(planner)
    made = make()
    response = _post_import(client, codes, kind, filename, made)
    shown = [str(m) for m in response.context["messages"]]
    assert (response.status_code, shown, _planning_rows(), ImportJob.objects.count()) == (
        200,
        [message],
        before,
        0,
    )
