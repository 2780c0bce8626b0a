"""The planner's screens: import with a report, analysis of a stage, a suggestion."""

import io
import os
import re
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from planning.models import Budget, RumpunSet
from tests.licensing_fixtures import *  # noqa: F403 - fixtures
from tests.pdf_strings import pdf_strings

pytestmark = pytest.mark.django_db
NEEDS_TOOLS = os.environ.get("REQUIRE_PDF_TOOLS") != "1"


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


def test_a_refused_budget_shows_each_row_and_the_unknown_agencies(client, planner, codes, dinkes):
    client.force_login(planner)
    response = _post_budget(
        client,
        codes,
        "kode_skpd,nama_skpd,kode_sub_kegiatan,pagu\n"
        "1.02.0.00.0.00.01.0000,Dinkes,1.02.02.2.01.0001,-5\n"
        "9.99.0.00.0.00.01.0000,Dinas Entah,1.02.02.2.01.0001,5\n",
    )
    assert [(p.row, p.message) for p in response.context["problems"]] == [
        (2, "jumlahnya negatif"),
    ]
    assert [
        (agency["code"], agency["name"], agency["lines"], agency["amount"])
        for agency in response.context["unknown_agencies"]
    ] == [("9.99.0.00.0.00.01.0000", "Dinas Entah", 1, "5")]
    # The agency is offered for mapping: to one of the region's, or as a new one.
    forms = [form for form, _agency in response.context["mapping"][0]]
    assert [form["name"].value() for form in forms] == ["Dinas Entah"]
    assert forms[0].fields["target"].choices[0] == ("new", "Perangkat daerah baru di daerah ini")
    assert Budget.objects.count() == 0


def test_import_then_analysis_then_suggestion(client, planner, codes, dinkes, dpupr, dishub):
    client.force_login(planner)
    response = _post_budget(
        client,
        codes,
        "kode_skpd,kode_sub_kegiatan,pagu\n"
        "1.02.0.00.0.00.01.0000,1.02.02.2.01.0001,100\n"
        "1.03.1.04.0.00.01.0000,1.03.03.2.01.0001,200\n"
        "2.15.0.00.0.00.01.0000,1.03.03.2.01.0001,60\n",
    )
    budget = Budget.objects.get()
    assert response["Location"] == reverse("backoffice:budget_analysis", args=[budget.pk])
    client.post(reverse("backoffice:preset_create"))
    page = client.get(response["Location"])
    assert page.context["chosen"].name == "PP 18/2016: perumpunan urusan"
    assert [
        (item.code, [a.short_name for a, _ in funders]) for item, funders in page.context["shared"]
    ] == [("1.03.03.2.01.0001", ["DPUPR", "Dishub"])]
    suggested = client.post(reverse("backoffice:suggestion_create", args=[budget.pk]))
    suggestion = RumpunSet.objects.get(kind="suggested")
    assert suggested["Location"].endswith(f"?set={suggestion.pk}")
    shown = client.get(suggested["Location"])
    assert shown.context["modularity"] == pytest.approx(0.0)  # one link: a single pair
    assert "Pekerjaan Umum dan Penataan Ruang" in shown.text


def test_planning_is_closed_to_other_staff(client, front_office):
    client.force_login(front_office)
    assert client.get(reverse("backoffice:planning")).status_code == 403


def test_the_stage_exports_as_a_fiscal_data_package_that_frictionless_accepts(
    client, planner, codes, dinkes, dpupr, tmp_path
):
    import json
    import zipfile

    from frictionless import validate

    client.force_login(planner)
    _post_budget(
        client,
        codes,
        "kode_skpd,kode_sub_kegiatan,kode_rekening,nama_sumber_dana,pagu\n"
        "1.02.0.00.0.00.01.0000,1.02.02.2.01.0001,5.1.02.01.01.0024,DAU,150000000\n"
        '1.03.1.04.0.00.01.0000,1.03.03.2.01.0001,5.2.03.01.01.0001,DAK Fisik,"1.250.000,50"\n',
    )
    budget = Budget.objects.get()
    response = client.get(reverse("backoffice:budget_fdp", args=[budget.pk]))
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        archive.extractall(tmp_path)
    report = validate(str(tmp_path / "datapackage.json"))
    assert (report.valid, report.flatten(["type", "note"])) == (True, [])
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    assert descriptor["model"]["measures"]["pagu"] == {
        "source": "pagu",
        "currency": "IDR",
        "phase": "apbd",
    }
    rows = (tmp_path / "anggaran.csv").read_text().splitlines()
    assert rows[2].endswith(",5.2.03.01.01.0001,Belanja modal,DAK Fisik,1250000.50")
    assert len(rows) == 3


def test_a_scenario_moves_an_agency_cuts_an_akun_group_and_is_compared(
    client, planner, codes, dinkes, dpupr, dishub
):
    client.force_login(planner)
    _post_budget(
        client,
        codes,
        "kode_skpd,kode_sub_kegiatan,kode_rekening,pagu\n"
        "1.02.0.00.0.00.01.0000,1.02.02.2.01.0001,5.1.02.01.01.0024,100\n"
        "1.03.1.04.0.00.01.0000,1.03.03.2.01.0001,5.2.03.01.01.0001,200\n"
        "2.15.0.00.0.00.01.0000,1.03.03.2.01.0001,5.1.01.01.01.0001,60\n",
    )
    budget = Budget.objects.get()
    client.post(reverse("backoffice:preset_create"))
    preset = RumpunSet.objects.get(kind="preset")
    made = client.post(
        reverse("backoffice:scenario_create", args=[budget.pk]),
        {"set": preset.pk, "name": "Skenario A"},
    )
    scenario = RumpunSet.objects.get(kind="scenario")
    assert made["Location"] == reverse("backoffice:scenario", args=[budget.pk, scenario.pk])
    health = scenario.rumpun.get(order=2)
    client.post(
        reverse("backoffice:scenario_move", args=[budget.pk, scenario.pk]),
        {"m-agency": dishub.pk, "m-to": health.pk, "m-weight": "1"},
    )
    client.post(
        reverse("backoffice:adjustment_add", args=[budget.pk, scenario.pk]),
        {"a-applies_to": "akun_group:Belanja modal", "a-percent": "-50"},
    )
    page = client.get(made["Location"])
    assert page.context["evaluation"].total == 260  # 100 + 200 × 0.5 + 60
    refused = client.post(
        reverse("backoffice:adjustment_add", args=[budget.pk, scenario.pk]),
        {"a-applies_to": f"agency:{dinkes.pk}", "a-percent": "5", "a-amount": "9"},
    )
    assert refused.context["adjustment_form"].non_field_errors() == [
        "Isi persen atau jumlah, salah satu saja."
    ]
    compared = client.get(
        reverse("backoffice:compare", args=[budget.pk]) + f"?set={preset.pk}&set={scenario.pk}"
    )
    assert '<span class="meta">-Rp100</span>' in compared.text
    assert '<span class="meta">+6,4</span>' in compared.text  # belanja pegawai: 16,7 → 23,1
    (first, _none), (second, difference) = compared.context["columns"]
    assert (first.total, second.total, difference["total"]) == (360, 260, -100)
    assert difference["akun_shares"]["Belanja modal"] == pytest.approx(100 / 2.6 - 200 / 3.6)
    pp18_place = preset.rumpun.get(members__agency=dishub).name
    assert compared.context["moved"] == [(dishub, [pp18_place, health.name])]
    by_name = dict(compared.context["rumpun_rows"])
    assert by_name[health.name] == [(100, 0), (160, 60)]  # Dinkes 100, then with Dishub 60

    # The same comparison as files: XLSX numbers stay numbers, the PDF carries the figures.
    query = f"?set={preset.pk}&set={scenario.pk}"
    xlsx = client.get(reverse("backoffice:compare", args=[budget.pk]) + query + "&format=xlsx")
    assert (
        xlsx["Content-Disposition"] == 'attachment; filename="perbandingan-rumpun-2027-apbd.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Ukuran"] == (preset.name, "Skenario A")
    assert rows["Total"] == (360, 260)
    assert rows["Selisih total"] == (0, -100)
    pdf = client.get(reverse("backoffice:compare", args=[budget.pk]) + query + "&format=pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    if shutil.which("pdftotext") or not NEEDS_TOOLS:
        text = subprocess.run(  # noqa: S603 - poppler's pdftotext on our own file
            [shutil.which("pdftotext"), "-layout", "-", "-"],
            input=pdf.content,
            capture_output=True,
            check=True,
        ).stdout.decode()
        assert "Perbandingan set rumpun: APBD 2027" in text
        assert re.search(r"Total\s+Rp360\s+Rp260", text)
        assert re.search(r"Selisih total\s+Rp0\s+-Rp100", text)


def test_the_comparison_pdf_writes_every_share_as_the_page_does(
    client, planner, codes, dinkes, dpupr, dishub
):
    client.force_login(planner)
    _post_budget(
        client,
        codes,
        "kode_skpd,kode_sub_kegiatan,kode_rekening,pagu\n"
        "1.02.0.00.0.00.01.0000,1.02.02.2.01.0001,5.1.02.01.01.0024,20\n"
        "1.03.1.04.0.00.01.0000,1.03.03.2.01.0001,5.2.03.01.01.0001,647\n"
        "2.15.0.00.0.00.01.0000,1.03.03.2.01.0001,5.1.01.01.01.0001,333\n",
    )
    budget = Budget.objects.get()
    client.post(reverse("backoffice:preset_create"))
    preset = RumpunSet.objects.get(kind="preset")
    client.post(
        reverse("backoffice:scenario_create", args=[budget.pk]),
        {"set": preset.pk, "name": "Skenario A"},
    )
    scenario = RumpunSet.objects.get(kind="scenario")
    url = reverse("backoffice:compare", args=[budget.pk]) + f"?set={preset.pk}&set={scenario.pk}"

    page = client.get(url).text
    shares = dict(re.findall(r'<th scope="row">([^<]*) \(%\)</th><td>([^<]*)</td>', page))
    assert shares == {
        "Belanja barang dan jasa": "2,0",
        "Belanja modal": "64,7",
        "Belanja pegawai": "33,3",
    }

    shown = pdf_strings(client.get(url + "&format=pdf").content)
    rows = {
        label: shown[shown.index(label) + 1]
        for label in (
            "Belanja barang dan jasa, persen dari total",
            "Belanja modal, persen dari total",
            "Belanja pegawai, persen dari total",
        )
    }
    assert list(rows.values()) == ["2,0", "64,7", "33,3"]
    rumpun_shares = [text for text in shown if text.endswith("%") and text != "0,0%"]
    assert rumpun_shares == ["2,0%", "98,0%"] * 2  # Dinkes; DPUPR with Dishub; for each set

    workbook = load_workbook(io.BytesIO(client.get(url + "&format=xlsx").content))
    summary = {row[0].value: row[1] for row in workbook.worksheets[0].iter_rows(min_row=3)}
    cell = summary["Belanja modal, persen dari total"]
    assert (cell.value, cell.number_format) == (64.7, "#,##0.0")
    detail = [row for row in workbook.worksheets[1].iter_rows(min_row=2) if row[2].value]
    assert [(row[3].value, row[3].number_format) for row in detail] == [
        (0.02, "#,##0.0%"),
        (0.98, "#,##0.0%"),
    ] * 2
