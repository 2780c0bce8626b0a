"""Open data: a budget stage as a Fiscal Data Package (Open Knowledge): `datapackage.json`
with the table schema and the fiscal model (measures and dimensions), and the lines as CSV."""

import csv
import io
import json
import zipfile
from decimal import Decimal

from core.exports import safe_cell
from org.models import Agency
from org.urusan import BIDANG_URUSAN
from planning.models import Budget, BudgetLine
from planning.rumpun.lines import akun_group

COLUMNS = [
    ("tahun", "integer", "Tahun anggaran"),
    ("tahap", "string", "Tahap anggaran"),
    ("kode_skpd", "string", "Kode perangkat daerah"),
    ("nama_skpd", "string", "Nama perangkat daerah"),
    ("kode_sub_unit", "string", "Kode sub unit"),
    ("kode_urusan", "string", "Kelompok urusan"),
    ("kode_bidang_urusan", "string", "Kode bidang urusan"),
    ("nama_bidang_urusan", "string", "Nama bidang urusan"),
    ("kode_program", "string", "Kode program"),
    ("kode_kegiatan", "string", "Kode kegiatan"),
    ("kode_sub_kegiatan", "string", "Kode sub kegiatan"),
    ("nama_sub_kegiatan", "string", "Nama sub kegiatan"),
    ("kode_rekening", "string", "Kode rekening (akun)"),
    ("kelompok_akun", "string", "Kelompok belanja"),
    ("sumber_dana", "string", "Sumber dana"),
    ("pagu", "number", "Nilai (rupiah)"),
]


def fiscal_data_package(budget: Budget) -> bytes:
    """A zip holding datapackage.json and anggaran.csv."""
    agencies = {a.pk: a for a in Agency.objects.filter(region=budget.region)}
    names = dict(budget.nomenclature_items().values_list("code", "name"))
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow([name for name, _type, _title in COLUMNS])
    for line in BudgetLine.objects.filter(budget=budget).order_by(
        "agency_id", "sub_kegiatan", "pk"
    ):
        agency = agencies[line.agency_id]
        row = [
            budget.year,
            budget.stage,
            agency.unit_code,
            agency.name,
            line.sub_unit,
            line.bidang[:1],
            line.bidang,
            BIDANG_URUSAN.get(line.bidang, names.get(line.bidang, "")),
            line.program,
            line.kegiatan,
            line.sub_kegiatan,
            names.get(line.sub_kegiatan, ""),
            line.akun,
            akun_group(line.akun),
            line.sumber_dana,
            line.amount.quantize(Decimal("0.01")),
        ]
        # Imported fields and agency names are whatever the SIPD file or the admin wrote.
        writer.writerow([safe_cell(value) for value in row])
    region = budget.region
    descriptor = {
        "name": f"anggaran-{region.code.replace('.', '-')}-{budget.year}-{budget.stage}".lower(),
        "title": f"{budget.get_stage_display()} {budget.year}, {region.name}",
        "description": "Baris anggaran per perangkat daerah, sub kegiatan, rekening dan sumber "
        "dana (Permendagri 90/2019), diekspor dari Satu Pintu.",
        "profile": "data-package",
        "resources": [
            {
                "name": "anggaran",
                "path": "anggaran.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": name, "type": kind, "title": title}
                        for name, kind, title in COLUMNS
                    ]
                },
            }
        ],
        # The Fiscal Data Package model: what is measured and how it is classified.
        "model": {
            "measures": {"pagu": {"source": "pagu", "currency": "IDR", "phase": budget.stage}},
            "dimensions": {
                "administrative": {
                    "dimensionType": "administrative",
                    "primaryKey": ["kode_skpd"],
                    "attributes": {
                        "kode_skpd": {"source": "kode_skpd"},
                        "nama_skpd": {"source": "nama_skpd", "labelfor": "kode_skpd"},
                    },
                },
                "functional": {
                    "dimensionType": "functional",
                    "primaryKey": ["kode_bidang_urusan"],
                    "attributes": {
                        "kode_bidang_urusan": {"source": "kode_bidang_urusan"},
                        "nama_bidang_urusan": {
                            "source": "nama_bidang_urusan",
                            "labelfor": "kode_bidang_urusan",
                        },
                    },
                },
                "activity": {
                    "dimensionType": "activity",
                    "primaryKey": ["kode_sub_kegiatan"],
                    "attributes": {
                        "kode_program": {"source": "kode_program"},
                        "kode_kegiatan": {"source": "kode_kegiatan"},
                        "kode_sub_kegiatan": {"source": "kode_sub_kegiatan"},
                        "nama_sub_kegiatan": {
                            "source": "nama_sub_kegiatan",
                            "labelfor": "kode_sub_kegiatan",
                        },
                    },
                },
                "economic": {
                    "dimensionType": "classification",
                    "primaryKey": ["kode_rekening"],
                    "attributes": {
                        "kode_rekening": {"source": "kode_rekening"},
                        "kelompok_akun": {"source": "kelompok_akun"},
                    },
                },
                "date": {
                    "dimensionType": "datetime",
                    "primaryKey": ["tahun"],
                    "attributes": {"tahun": {"source": "tahun"}},
                },
            },
        },
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(descriptor, ensure_ascii=False, indent=2))
        archive.writestr("anggaran.csv", table.getvalue())
    return out.getvalue()
