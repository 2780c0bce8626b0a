"""Budget files as planners have them: SIPD's own headers in any case and spacing, title
rows above the header, total rows, and the real 2022 Jawa Barat budget whose agencies are
named, not coded, mapped through the planner's mapping step."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from org.models import Agency, AgencyAlias
from planning.agencies import Mapping, agencies_import, agencies_map
from planning.budget import BudgetRefusedError, budget_import
from planning.models import Budget, BudgetLine, Stage
from planning.rumpun.graph import link_graph
from planning.rumpun.overlaps import overlaps
from tests.shared_data import shared_file

pytestmark = pytest.mark.django_db

JABAR = "apbd-jabar-2022/subkegiatan.csv"


def _import(region, codes, content: bytes, filename="apbd.csv"):
    return budget_import(
        region=region,
        year=2027,
        stage=Stage.APBD,
        nomenclature=codes,
        file=io.BytesIO(content),
        filename=filename,
    )


def test_sipd_headers_in_any_case_below_title_rows_with_total_rows(region, codes, dinkes):
    content = (
        "LAPORAN PAGU SUB KEGIATAN;;;;\n"
        "Tahun Anggaran 2027;;;;\n"
        ";;;;\n"
        "Kode Sub SKPD;Nama Sub SKPD;KODE_SUB_GIAT; Nama Sub Giat ;Pagu Sub Kegiatan\n"
        "1.02.0.00.0.00.01.0001;Puskesmas Kota;1.02.02.2.01.0001;Ibu hamil;1.250.000\n"
        "1.02.0.00.0.00.01.0002;Labkesda;1.02.02.2.01.0001;Ibu hamil;250.000\n"
        "Grand Total;;;;1.500.000\n"
        "(blank);;;;\n"
    )
    # The file names no agency column but sub units: refused, naming what is missing.
    with pytest.raises(ValidationError) as refused:
        _import(region, codes, content.encode())
    assert refused.value.messages == [
        "Berkas tidak punya kolom untuk kode atau nama perangkat daerah (kode_skpd, kode_unit, "
        "nama_skpd, nama_unit, nama_opd, nama_perangkat_daerah, nama_unit_skpd). Kolom yang "
        "ditemukan: kode_sub_skpd, nama_sub_skpd, kode_sub_giat, nama_sub_giat, "
        "pagu_sub_kegiatan."
    ]
    with_agency = content.replace("Kode Sub SKPD;", "Kode SKPD;Kode Sub SKPD;").replace(
        "\n1.02.0.00.0.00.01.000", "\n1.02.0.00.0.00.01.0000;1.02.0.00.0.00.01.000"
    )
    budget = _import(region, codes, with_agency.encode())
    lines = BudgetLine.objects.filter(budget=budget).order_by("sub_unit")
    assert [(line.agency, line.sub_unit, line.sub_kegiatan, line.amount) for line in lines] == [
        (dinkes, "1.02.0.00.0.00.01.0001", "1.02.02.2.01.0001", Decimal("1250000")),
        (dinkes, "1.02.0.00.0.00.01.0002", "1.02.02.2.01.0001", Decimal("250000")),
    ]
    assert budget.import_report.summary() == "2 baris total atau kosong dilewati"


def test_a_header_naming_a_column_twice_is_refused(region, codes, dinkes):
    content = (
        b"kode_skpd,kode_sub_kegiatan,Pagu,PAGU\n1.02.0.00.0.00.01.0000,1.02.02.2.01.0001,1,2\n"
    )
    with pytest.raises(ValidationError) as refused:
        _import(region, codes, content)
    assert refused.value.messages == [
        "Baris judul menyebut kolom pagu lebih dari sekali; sisakan satu."
    ]
    assert Budget.objects.count() == 0


def test_the_refusal_counts_every_bad_row_not_only_those_listed(region, codes, dinkes):
    rows = "".join(f"1.02.0.00.0.00.01.0000,1.02.02.2.01.0001,-{n}\n" for n in range(1, 523))
    with pytest.raises(BudgetRefusedError) as refused:
        _import(region, codes, ("kode_skpd,kode_sub_kegiatan,pagu\n" + rows).encode())
    assert (refused.value.bad_rows, len(refused.value.problems)) == (522, 200)
    assert refused.value.messages == ["Tidak ada yang diimpor. 522 baris perlu diperbaiki."]


def _jabar() -> bytes:
    return shared_file(JABAR).read_bytes()


def test_the_jabar_budget_names_its_47_agencies_over_the_whole_file(region, codes):
    with pytest.raises(BudgetRefusedError) as refused:
        _import(region, codes, _jabar(), filename="subkegiatan.csv")
    unknown = refused.value.unknown_agencies
    rows = list(csv.DictReader(io.StringIO(_jabar().decode())))
    assert len(unknown) == len({row["satuan_kerja"] for row in rows}) == 47
    assert sum(agency.lines for agency in unknown) == len(rows) == 1767
    assert sum(agency.amount for agency in unknown) == Decimal("32283719625262")
    # Largest first: the finance agency (transfers), then education.
    assert [(agency.name, agency.main_bidang) for agency in unknown[:2]] == [
        ("Badan Pengelolaan Keuangan dan Aset Daerah", "5.02"),
        ("Dinas Pendidikan", "1.01"),
    ]


def test_mapping_the_jabar_agencies_creates_them_and_remembers_names(region, codes, dinkes):
    with pytest.raises(BudgetRefusedError) as refused:
        _import(region, codes, _jabar(), filename="subkegiatan.csv")
    unknown = refused.value.unknown_agencies
    # The region's own Dinas Kesehatan is found by its name already: not asked again.
    assert len(unknown) == 46
    assert "Dinas Kesehatan" not in {agency.name for agency in unknown}
    mappings = [
        Mapping(code=agency.code, name=agency.name, bidang=agency.main_bidang or "", agency=None)
        for agency in unknown
    ]
    created, remembered = agencies_map(region=region, mappings=mappings)
    assert (created, remembered) == (len(unknown), 0)
    education = Agency.objects.get(region=region, name="Dinas Pendidikan")
    assert (education.unit_code, education.kind, education.short_name) == (
        "1.01.0.00.0.00.01.0000",
        "dinas",
        "Dinas Pendidikan",
    )
    assert Agency.objects.get(region=region, name="Biro Organisasi").kind == "sekretariat"
    # A second file names the agency differently: mapped once, remembered.
    agencies_map(
        region=region,
        mappings=[Mapping(code="", name="DISDIK JABAR", bidang="", agency=education)],
    )
    assert AgencyAlias.objects.get(region=region).key == "disdik jabar"
    content = b"nama_skpd,kode_sub_kegiatan,pagu\nDisdik  Jabar,1.02.02.2.01.0001,10\n"
    assert BudgetLine.objects.filter(budget=_import(region, codes, content)).get().agency == (
        education
    )


def test_a_planner_maps_the_agencies_on_the_page(client, planner, region, codes, dinkes):
    client.force_login(planner)
    content = (
        b"satuan_kerja,kode,anggaran\n"
        b"Dinas Kesehatan Provinsi,1.02.02.2.01.0001,100\n"
        b"Badan Baru,1.03.03.2.01.0001,50\n"
    )

    def upload():
        return client.post(
            reverse("backoffice:budget_upload"),
            {
                "b-year": "2027",
                "b-stage": "apbd",
                "b-nomenclature": codes.pk,
                "b-file": SimpleUploadedFile("apbd.csv", content),
            },
        )

    page = upload()
    rows = page.context["mapping"][0]
    assert [(form["name"].value(), form["target"].value()) for form, _agency in rows] == [
        ("Dinas Kesehatan Provinsi", str(dinkes.pk)),  # close enough: chosen for the planner
        ("Badan Baru", "new"),
    ]
    assert "Perangkat daerah yang perlu dipetakan" in page.content.decode()
    management = page.context["mapping"][1]
    data = {field.html_name: field.value() for field in management}
    for form, _agency in rows:
        data |= {field.html_name: field.value() for field in form}
    saved = client.post(reverse("backoffice:agencies_map_save"), data, follow=True)
    assert [str(message) for message in saved.context["messages"]] == [
        "1 perangkat daerah dibuat dan 1 nama atau kode diingat. Impor berkasnya lagi."
    ]
    imported = upload()
    budget = Budget.objects.get(region=region)
    assert imported.url == reverse("backoffice:budget_analysis", args=[budget.pk])
    assert sorted(budget.lines.values_list("agency__name", "amount")) == [
        ("Badan Baru", Decimal("50.00")),
        ("Dinas Kesehatan", Decimal("100.00")),
    ]


def test_a_mapping_to_another_regions_agency_is_refused(client, planner, other_region, region):
    stranger = Agency.objects.create(
        region=other_region,
        name="Dinas Lain",
        short_name="Lain",
        kind="dinas",
        unit_code="1.02.0.00.0.00.01.0000",
    )
    client.force_login(planner)
    response = client.post(
        reverse("backoffice:agencies_map_save"),
        {
            "a-TOTAL_FORMS": "1",
            "a-INITIAL_FORMS": "0",
            "a-0-name": "Dinas Kesehatan",
            "a-0-code": "",
            "a-0-bidang": "1.02",
            "a-0-target": str(stranger.pk),
        },
        follow=True,
    )
    assert [str(message) for message in response.context["messages"]] == [
        "Pemetaan tidak dapat dibaca; impor berkasnya lagi."
    ]
    assert (AgencyAlias.objects.count(), Agency.objects.filter(region=region).count()) == (0, 1)


def test_lines_at_rp0_are_kept_but_never_count_as_funding(region, codes, dinkes, dpupr):
    content = (
        b"kode_skpd,kode_sub_kegiatan,pagu\n"
        b"1.02.0.00.0.00.01.0000,1.02.02.2.01.0001,100\n"
        b"1.03.1.04.0.00.01.0000,1.02.02.2.01.0001,0\n"  # DPUPR names it at Rp0
        b"1.03.1.04.0.00.01.0000,1.03.03.2.01.0001,200\n"
    )
    budget = _import(region, codes, content)
    assert (budget.line_count, budget.import_report.zero_lines) == (3, 1)
    shared, misplaced = overlaps(budget)
    assert (shared, [m.agency for m in misplaced]) == ([], [])
    graph = link_graph(budget)
    assert not graph.has_edge(dinkes.pk, dpupr.pk)


def _workbook(sheets: dict[str, list[list]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_an_xlsx_with_several_sheets_asks_which_and_reads_the_one_named(region, codes, dinkes):
    rows = [["kode_skpd", "kode_sub_kegiatan", "pagu"], [dinkes.unit_code, "1.02.02.2.01.0001", 5]]
    content = _workbook({"Rekap": [["Rekap APBD"], ["Total", 5]], "Rincian": rows, "Kosong": []})
    with pytest.raises(ValidationError) as refused:
        _import(region, codes, content, filename="apbd.xlsx")
    assert refused.value.messages == [
        "Berkas ini punya beberapa sheet (Rekap, Rincian): tulis yang akan diimpor di “Sheet”."
    ]
    with pytest.raises(ValidationError) as refused:
        budget_import(
            region=region,
            year=2027,
            stage=Stage.APBD,
            nomenclature=codes,
            file=io.BytesIO(content),
            filename="apbd.xlsx",
            sheet="Lain",
        )
    assert refused.value.messages == [
        "Berkas tidak punya sheet bernama Lain; sheet-nya: Rekap, Rincian, Kosong."
    ]
    budget = budget_import(
        region=region,
        year=2027,
        stage=Stage.APBD,
        nomenclature=codes,
        file=io.BytesIO(content),
        filename="apbd.xlsx",
        sheet=" rincian ",
    )
    assert list(budget.lines.values_list("agency", "amount")) == [(dinkes.pk, Decimal(5))]


def test_agencies_from_a_list_all_or_none_with_their_parents(client, planner, region, dinkes):
    content = (
        "kode_unit,nama,singkatan,jenis,kode_induk\n"
        "1.02.0.00.0.00.01.0001,UPTD Laboratorium Kesehatan,Labkesda,dinas,1.02.0.00.0.00.01.0000\n"
        "1.02.0.00.0.00.01.0000,Dinas Kesehatan,Dinkes,dinas,\n"  # there already: left
        "1.01.0.00.0.00.01.0000,Dinas Pendidikan,,,\n"
    )
    bad = content + "9.99.0.00.0.00.01.0000,Dinas Entah,,lembaga,\n"
    with pytest.raises(ValidationError) as refused:
        agencies_import(region=region, file=io.BytesIO(bad.encode()), filename="opd.csv")
    assert [(p.row, p.message) for p in refused.value.problems] == [
        (
            5,
            "jenis lembaga bukan salah satu dari dinas, badan, sekretariat, inspektorat, "
            "satuan, kecamatan, kelurahan",
        )
    ]
    assert Agency.objects.filter(region=region).count() == 2  # dinkes and dpmptsp: nothing new
    client.force_login(planner)
    response = client.post(
        reverse("backoffice:agencies_upload"),
        {"o-file": SimpleUploadedFile("opd.csv", content.encode())},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "2 perangkat daerah dibuat; 1 sudah ada sebelumnya."
    ]
    lab = Agency.objects.get(region=region, short_name="Labkesda")
    assert (lab.parent, lab.kind) == (dinkes, "dinas")
    education = Agency.objects.get(region=region, unit_code="1.01.0.00.0.00.01.0000")
    assert (education.short_name, education.kind) == ("Dinas Pendidikan", "dinas")
