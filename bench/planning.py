"""Planning (rumpun) on the benchmark database: importing 100,000 budget lines (CSV and
XLSX), the full analysis of a 10,000-line APBD of 45 agencies, name similarity over
20,000 names against a naive pairwise loop, importing the national nomenclature as it
circulates (the 2027 list, 7,581 rows; tests/data/nomenklatur-nasional/), and a
real-shaped provincial budget of 20,000 lines in that list's codes: its import and the
analysis page's whole `budget_analyse`.

The data is made here, in regions of their own: `99.01` (45 agencies), from the real
nomenclature the demo ships; `98`, a provinsi of 60 agencies, from the national list.
Each import, the cold analyses and the name similarity run in a fresh child process of
this script (`planning.py --child <part>`), which reports its time and its own peak memory:
VmHWM, the process's resident high-water mark. The kernel's ru_maxrss for the child (from
wait4) is kept as a cross-check; it is never below the parent's peak, which Linux carries
into a child across exec, so the parent stays small.
`--smoke` runs every part at a small scale in this one process.
"""

import csv
import io
import json
import math
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
import zipfile
from collections import Counter, defaultdict
from pathlib import Path
from xml.sax.saxutils import escape

from common import ROOT, SMOKE, VAR, figure, save, scale, setup

# The 100,000-line CSV (49 MiB) is above the default import limit of 20 MB (ADR 0022): the
# benchmark raises it as an operator importing such files would. The child processes that
# import read it from the environment.
os.environ.setdefault("SATUPINTU_IMPORT_MAX_MB", "64")
# The national list's DEFINISI OPERASIONAL cells reach 14,550 characters: Excel's own limit.
os.environ.setdefault("SATUPINTU_IMPORT_MAX_CELL_CHARS", "32767")
setup()

from django.db import transaction
from django.utils import timezone

from demo.loader import DEMO_NOMENCLATURE
from org.models import Agency, Region
from planning.budget import budget_import
from planning.models import (
    Budget,
    GovernmentLevel,
    NomenclatureItem,
    NomenclatureVersion,
    RumpunSet,
    Stage,
)
from planning.nomenclature import nomenclature_import
from planning.tags import tags_import

OUT = VAR / "planning"
REGION_CODE = "99.01"
IMPORT_YEAR, ANALYSIS_YEAR = 2030, 2031
IMPORT_LINES, ANALYSIS_LINES, NAMES = scale((100_000, 10_000, 20_000), (1_000, 500, 300))
SAMPLES = scale((1_000, 2_000), (50, 100))  # names compared both ways, vectorised and naive
THRESHOLD = 0.8

KECAMATAN = [
    "Kepanjen", "Singosari", "Lawang", "Turen", "Dampit", "Tumpang", "Pakis", "Dau", "Pujon",
    "Gondanglegi",
]  # fmt: skip
# A kabupaten's 45 perangkat daerah: short name, name, kind, unit code (its bidang urusan).
AGENCIES = [
    ("Setda", "Sekretariat Daerah", "sekretariat", "4.01.0.00.0.00.01.0000"),
    ("Setwan", "Sekretariat DPRD", "sekretariat", "4.02.0.00.0.00.01.0000"),
    ("Inspektorat", "Inspektorat Daerah", "inspektorat", "6.01.0.00.0.00.01.0000"),
    ("Bappeda", "Badan Perencanaan Pembangunan Daerah", "badan", "5.01.5.05.0.00.01.0000"),
    ("BKAD", "Badan Keuangan dan Aset Daerah", "badan", "5.02.0.00.0.00.01.0000"),
    ("Bapenda", "Badan Pendapatan Daerah", "badan", "5.02.0.00.0.00.02.0000"),
    ("BKPSDM", "Badan Kepegawaian dan PSDM", "badan", "5.03.5.04.0.00.01.0000"),
    ("Bakesbangpol", "Badan Kesatuan Bangsa dan Politik", "badan", "8.01.0.00.0.00.01.0000"),
    ("Disdik", "Dinas Pendidikan", "dinas", "1.01.0.00.0.00.01.0000"),
    ("Dinkes", "Dinas Kesehatan", "dinas", "1.02.0.00.0.00.01.0000"),
    ("RSUD Kanjuruhan", "RSUD Kanjuruhan", "dinas", "1.02.0.00.0.00.01.0001"),
    ("RSUD Lawang", "RSUD Lawang", "dinas", "1.02.0.00.0.00.01.0002"),
    ("DPU Bina Marga", "Dinas PU Bina Marga", "dinas", "1.03.0.00.0.00.01.0000"),
    ("DPU SDA", "Dinas PU Sumber Daya Air", "dinas", "1.03.0.00.0.00.02.0000"),
    ("DPKPCK", "Dinas Perumahan, Permukiman dan Pertanahan", "dinas", "1.04.2.10.0.00.01.0000"),
    ("Satpol PP", "Satuan Polisi Pamong Praja", "satuan", "1.05.0.00.0.00.01.0000"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah", "badan", "1.05.0.00.0.00.02.0000"),
    ("Dinsos", "Dinas Sosial", "dinas", "1.06.0.00.0.00.01.0000"),
    ("DP3A", "Dinas Pemberdayaan Perempuan dan PA", "dinas", "2.08.0.00.0.00.01.0000"),
    ("DPPKB", "Dinas Pengendalian Penduduk dan KB", "dinas", "2.14.0.00.0.00.01.0000"),
    ("Disnaker", "Dinas Tenaga Kerja", "dinas", "2.07.0.00.0.00.01.0000"),
    ("DKP", "Dinas Ketahanan Pangan", "dinas", "2.09.0.00.0.00.01.0000"),
    ("DLH", "Dinas Lingkungan Hidup", "dinas", "2.11.0.00.0.00.01.0000"),
    ("Dispendukcapil", "Dinas Kependudukan dan Capil", "dinas", "2.12.0.00.0.00.01.0000"),
    ("Dishub", "Dinas Perhubungan", "dinas", "2.15.0.00.0.00.01.0000"),
    ("Diskominfo", "Dinas Komunikasi dan Informatika", "dinas", "2.16.2.20.2.21.01.0000"),
    ("Diskopum", "Dinas Koperasi dan Usaha Mikro", "dinas", "2.17.0.00.0.00.01.0000"),
    ("DPMPTSP", "Dinas Penanaman Modal dan PTSP", "dinas", "2.18.0.00.0.00.01.0000"),
    ("Dispora", "Dinas Kepemudaan dan Olahraga", "dinas", "2.19.0.00.0.00.01.0000"),
    ("Disbudpar", "Dinas Kebudayaan dan Pariwisata", "dinas", "2.22.3.26.0.00.01.0000"),
    ("Dispersip", "Dinas Perpustakaan dan Kearsipan", "dinas", "2.23.2.24.0.00.01.0000"),
    ("Diskan", "Dinas Perikanan", "dinas", "3.25.0.00.0.00.01.0000"),
    ("Distan", "Dinas Tanaman Pangan dan Hortikultura", "dinas", "3.27.0.00.0.00.01.0000"),
    ("Disperindag", "Dinas Perindustrian dan Perdagangan", "dinas", "3.30.3.31.0.00.01.0000"),
    ("Disnakkeswan", "Dinas Peternakan dan Kesehatan Hewan", "dinas", "3.27.0.00.0.00.02.0000"),
] + [
    (f"Kec. {name}", f"Kecamatan {name}", "kecamatan", f"7.01.0.00.0.00.{serial:02d}.0000")
    for serial, name in enumerate(KECAMATAN, start=1)
]
PLACES = [  # the kecamatan of Kabupaten Malang, for place names in generated names
    "Donomulyo", "Kalipare", "Pagak", "Bantur", "Gedangan", "Sumbermanjing Wetan", "Dampit",
    "Tirtoyudo", "Ampelgading", "Poncokusumo", "Wajak", "Turen", "Bululawang", "Gondanglegi",
    "Pagelaran", "Kepanjen", "Sumberpucung", "Kromengan", "Ngajum", "Wonosari", "Wagir",
    "Pakisaji", "Tajinan", "Tumpang", "Pakis", "Jabung", "Lawang", "Singosari", "Karangploso",
    "Dau", "Pujon", "Ngantang", "Kasembon",
]  # fmt: skip
OBJECTS = [
    "Puskesmas", "Pasar", "SD Negeri {n}", "SMP Negeri {n}", "Posyandu {n}", "Balai Desa",
    "Ruas Jalan", "Jembatan", "Embung", "Kantor Kecamatan",
]  # fmt: skip
# Rekening (akun) codes in SIPD's form, with their usual names.
AKUN = [
    ("5.1.01.01.01.0001", "Belanja Gaji Pokok PNS"),
    ("5.1.01.01.02.0001", "Belanja Tunjangan Keluarga PNS"),
    ("5.1.01.01.03.0001", "Belanja Tunjangan Jabatan PNS"),
    ("5.1.01.01.04.0001", "Belanja Tunjangan Fungsional PNS"),
    ("5.1.01.01.06.0001", "Belanja Tunjangan Beras PNS"),
    ("5.1.01.01.09.0001", "Belanja Iuran Jaminan Kesehatan PNS"),
    ("5.1.01.02.01.0001", "Tambahan Penghasilan berdasarkan Beban Kerja PNS"),
    ("5.1.02.01.01.0024", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor"),
    ("5.1.02.01.01.0025", "Belanja Alat/Bahan untuk Kegiatan Kantor-Kertas dan Cover"),
    ("5.1.02.01.01.0026", "Belanja Alat/Bahan untuk Kegiatan Kantor-Bahan Cetak"),
    ("5.1.02.01.01.0029", "Belanja Alat/Bahan untuk Kegiatan Kantor-Bahan Komputer"),
    ("5.1.02.01.01.0031", "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Listrik"),
    ("5.1.02.01.01.0052", "Belanja Makanan dan Minuman Rapat"),
    ("5.1.02.01.01.0053", "Belanja Makanan dan Minuman Jamuan Tamu"),
    ("5.1.02.01.01.0055", "Belanja Makanan dan Minuman pada Fasilitas Pelayanan Urusan"),
    ("5.1.02.02.01.0003", "Honorarium Narasumber atau Pembahas, Moderator dan Panitia"),
    ("5.1.02.02.01.0013", "Belanja Jasa Tenaga Kesehatan"),
    ("5.1.02.02.01.0026", "Belanja Jasa Tenaga Administrasi"),
    ("5.1.02.02.01.0029", "Belanja Jasa Tenaga Ahli"),
    ("5.1.02.02.01.0030", "Belanja Jasa Tenaga Kebersihan"),
    ("5.1.02.02.01.0031", "Belanja Jasa Tenaga Keamanan"),
    ("5.1.02.02.01.0032", "Belanja Jasa Tenaga Supir"),
    ("5.1.02.02.01.0059", "Belanja Tagihan Telepon"),
    ("5.1.02.02.01.0061", "Belanja Tagihan Listrik"),
    ("5.1.02.02.01.0063", "Belanja Kawat/Faksimili/Internet/TV Berlangganan"),
    ("5.1.02.02.12.0001", "Belanja Kursus Singkat/Pelatihan"),
    ("5.1.02.03.02.0035", "Belanja Pemeliharaan Alat Angkutan Darat Bermotor"),
    ("5.1.02.03.02.0405", "Belanja Pemeliharaan Peralatan Komputer"),
    ("5.1.02.03.03.0001", "Belanja Pemeliharaan Bangunan Gedung Kantor"),
    ("5.1.02.04.01.0001", "Belanja Perjalanan Dinas Biasa"),
    ("5.1.02.04.01.0003", "Belanja Perjalanan Dinas Dalam Kota"),
    ("5.1.02.04.01.0004", "Belanja Perjalanan Dinas Paket Meeting Dalam Kota"),
    ("5.1.02.04.01.0005", "Belanja Perjalanan Dinas Paket Meeting Luar Kota"),
    ("5.1.05.05.01.0001", "Belanja Hibah kepada Badan, Lembaga, Organisasi Kemasyarakatan"),
    ("5.1.06.03.01.0001", "Belanja Bantuan Sosial kepada Individu"),
    ("5.2.02.05.01.0005", "Belanja Modal Meja Kerja Pejabat"),
    ("5.2.02.10.01.0002", "Belanja Modal Personal Computer"),
    ("5.2.03.01.01.0001", "Belanja Modal Bangunan Gedung Kantor"),
    ("5.2.04.01.01.0012", "Belanja Modal Jalan Kabupaten"),
    ("5.2.04.02.01.0001", "Belanja Modal Bangunan Air Irigasi"),
]
SOURCES = [
    ("1.1.01", "Pajak Daerah (PAD)"),
    ("1.2.01.01", "Dana Alokasi Umum (DAU)"),
    ("1.2.01.02", "Dana Alokasi Khusus Fisik"),
    ("1.2.01.03", "Dana Alokasi Khusus Non Fisik"),
    ("1.2.01.04", "Dana Bagi Hasil"),
    ("1.2.02.01", "Dana Insentif Fiskal"),
]
COLUMNS = [  # SIPD "data anggaran", in its order
    "tahun", "kode_urusan", "nama_urusan", "kode_skpd", "nama_skpd", "kode_sub_unit",
    "nama_sub_unit", "kode_bidang_urusan", "nama_bidang_urusan", "kode_program", "nama_program",
    "kode_kegiatan", "nama_kegiatan", "kode_sub_kegiatan", "nama_sub_kegiatan",
    "kode_sumber_dana", "nama_sumber_dana", "kode_rekening", "nama_rekening", "pagu",
]  # fmt: skip
ELSEWHERE = 0.03  # share of lines under a sub kegiatan of another agency's bidang


def cpu_seconds() -> float:
    """CPU time this process used (PostgreSQL's own work is not in it)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM), in MiB."""
    status = Path("/proc/self/status").read_text()
    return round(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024, 1)


def child(*args: str) -> dict:
    """Run one part in a fresh process of this script: what it printed last, and the
    kernel's account of that process (wait4: its ru_maxrss and CPU time)."""
    if SMOKE:  # the same code in this process: a fresh interpreter each takes seconds
        result = json.loads(json.dumps(run_child(*args)))
        result["ru_maxrss_mb"] = result.get("peak_rss_mb", peak_mb())
        result["process_cpu_seconds"] = round(cpu_seconds(), 1)
        return result
    with tempfile.TemporaryFile() as out:
        pid = os.posix_spawn(
            sys.executable,
            [sys.executable, __file__, "--child", *args],
            os.environ,
            file_actions=[(os.POSIX_SPAWN_DUP2, out.fileno(), 1)],
        )
        _pid, status, usage = os.wait4(pid, 0)
        if os.waitstatus_to_exitcode(status):
            raise SystemExit(f"child {args} failed")
        out.seek(0)
        result = json.loads(out.read().decode().strip().splitlines()[-1])
    result["ru_maxrss_mb"] = round(usage.ru_maxrss / 1024, 1)
    result["process_cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 1)
    return result


# The data --------------------------------------------------------------------------------


def region_prepare() -> Region:
    """The benchmark's own kabupaten and its 45 agencies (updated in place on a re-run)."""
    region, _created = Region.objects.update_or_create(
        code=REGION_CODE,
        defaults={"name": "Kabupaten Uji Perencanaan (benchmark)", "kind": "kabupaten"},
    )
    parents = {}
    for short_name, name, kind, unit_code in AGENCIES:
        parent = parents.get(unit_code[:-4] + "0000") if not unit_code.endswith("0000") else None
        agency, _created = Agency.objects.update_or_create(
            region=region,
            short_name=short_name,
            defaults={"name": name, "kind": kind, "unit_code": unit_code, "parent": parent},
        )
        parents[unit_code] = agency
    return region


def nomenclature() -> NomenclatureVersion:
    """The real codes the demo ships, imported under the demo's name as its loader does."""
    version = NomenclatureVersion.objects.filter(name=DEMO_NOMENCLATURE).first()
    if version is None:
        path = ROOT / "planning" / "data" / "nomenklatur-kabkota.csv"
        with path.open("rb") as file:
            version = nomenclature_import(
                name=DEMO_NOMENCLATURE,
                file=file,
                filename=path.name,
                source="planning/data/nomenklatur-kabkota.csv (AldiAlfatih/BAPPEDA seeders)",
            )
    return version


def budget_rows(region, version, *, count: int, year: int, seed: int) -> list[list]:
    """`count` SIPD "data anggaran" rows: each agency funds sub kegiatan of its own bidang
    (program 01 included), 3% of lines fall under another bidang's code (overlaps), each
    line a distinct (sub kegiatan, rekening, source of funds); an agency's share of the
    lines follows how many sub kegiatan its bidang have."""
    chance = random.Random(seed)
    names = dict(NomenclatureItem.objects.filter(version=version).values_list("code", "name"))
    own: dict[str, list[str]] = defaultdict(list)
    for code in sorted(c for c in names if c.count(".") == 5):
        own[code[:4]].append(code)
    everywhere = [c for codes in own.values() for c in codes if c.split(".")[2] != "01"]
    agencies = list(Agency.objects.filter(region=region).order_by("unit_code"))
    codes_of = {
        a.pk: [c for b in (a.bidang_1, a.bidang_2, a.bidang_3) if b for c in own[b]]
        for a in agencies
    }
    weights = [len(codes_of[a.pk]) * chance.uniform(0.7, 1.3) for a in agencies]
    quotas = [int(count * w / sum(weights)) for w in weights]
    for i in range(count - sum(quotas)):
        quotas[i] += 1
    rows = []
    for agency, quota in zip(agencies, quotas, strict=True):
        seen = set()
        while len(seen) < quota:
            codes = everywhere if chance.random() < ELSEWHERE else codes_of[agency.pk]
            code, akun, source = chance.choice(codes), chance.choice(AKUN), chance.choice(SOURCES)
            if (code, akun, source) in seen:
                continue
            seen.add((code, akun, source))
            parts = code.split(".")
            # Each level's code and name (the shipped selection lacks a few parents' names).
            urusan, bidang, program, kegiatan = (
                (".".join(parts[:n]), names.get(".".join(parts[:n]), "")) for n in (1, 2, 3, 5)
            )
            unit = (agency.unit_code, agency.name)  # the SKPD is its own sub unit
            row = [
                year, *urusan, *unit, *unit, *bidang, *program, *kegiatan, code, names[code],
                *source, *akun, chance.randint(1, 400) * 250_000,
            ]  # fmt: skip
            rows.append(row)
    return rows


def csv_bytes(rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode()


SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PART = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def xlsx_excel_write(path: Path, rows: list[list], columns: list[str] = COLUMNS) -> None:
    """The rows under `columns` as Excel saves a workbook: text in the shared strings
    table, the sheet's dimension written. (openpyxl's own writer puts every text inline,
    which openpyxl then reads much more slowly: that file is measured apart.)"""
    from openpyxl.utils import get_column_letter

    strings: dict[str, int] = {}

    def cell(ref: str, value) -> str:
        if isinstance(value, int):
            return f'<c r="{ref}"><v>{value}</v></c>'
        return f'<c r="{ref}" t="s"><v>{strings.setdefault(value, len(strings))}</v></c>'

    letters = [get_column_letter(i) for i in range(1, len(columns) + 1)]
    sheet = [f'<worksheet xmlns="{SPREADSHEET}"><dimension ref="A1:{letters[-1]}{len(rows) + 1}"/>']
    sheet.append("<sheetData>")
    for number, row in enumerate([columns, *rows], start=1):
        cells = "".join(cell(f"{c}{number}", v) for c, v in zip(letters, row, strict=True))
        sheet.append(f'<row r="{number}">{cells}</row>')
    sheet.append("</sheetData></worksheet>")
    shared = "".join(f"<si><t>{escape(text)}</t></si>" for text in strings)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="{RELATIONSHIPS[:-14]}relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{PART}.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{PART}.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{PART}.sharedStrings+xml"/></Types>',
        )
        book.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{RELATIONSHIPS}"><Relationship Id="rId1" '
            f'Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        book.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{SPREADSHEET}" xmlns:r="{OFFICE}"><sheets>'
            '<sheet name="data anggaran" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{RELATIONSHIPS}">'
            f'<Relationship Id="rId1" Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{OFFICE}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
        book.writestr("xl/worksheets/sheet1.xml", "".join(sheet))
        book.writestr(
            "xl/sharedStrings.xml",
            f'<sst xmlns="{SPREADSHEET}" uniqueCount="{len(strings)}">{shared}</sst>',
        )


def xlsx_openpyxl_write(path: Path, rows: list[list]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("data anggaran")
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


FILES = {  # what is imported: file name and how it is written
    "csv": ("data-anggaran.csv", lambda path, rows: path.write_bytes(csv_bytes(rows))),
    "xlsx": ("data-anggaran.xlsx", xlsx_excel_write),
    "xlsx_openpyxl": ("data-anggaran-openpyxl.xlsx", xlsx_openpyxl_write),
}


def prepare() -> dict:
    """Region, nomenclature, the 10,000-line APBD to analyse (re-imported each run), the
    PP 18/2016 set to read it by, and the 100,000-line files to import."""
    from planning.rumpun.presets import preset_build

    region = region_prepare()
    version = nomenclature()
    rows = budget_rows(region, version, count=ANALYSIS_LINES, year=ANALYSIS_YEAR, seed=2031)
    budget = budget_import(
        region=region,
        year=ANALYSIS_YEAR,
        stage=Stage.APBD,
        nomenclature=version,
        file=io.BytesIO(csv_bytes(rows)),
        filename=f"apbd-{ANALYSIS_YEAR}.csv",
    )
    pp18 = preset_build(region=region, key="pp18")
    started = time.perf_counter()
    rows = budget_rows(region, version, count=IMPORT_LINES, year=IMPORT_YEAR, seed=2030)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, write in FILES.values():
        write(OUT / name, rows)
    return {
        "budget": budget.pk,
        "set": pp18.pk,
        "agencies": Agency.objects.filter(region=region).count(),
        "generate_seconds": round(time.perf_counter() - started, 1),
        "bytes": {kind: (OUT / name).stat().st_size for kind, (name, _write) in FILES.items()},
    }


# 1. Import ---------------------------------------------------------------------------------


def import_file(name: str) -> dict:
    region = Region.objects.get(code=REGION_CODE)
    version = NomenclatureVersion.objects.get(name=DEMO_NOMENCLATURE)
    started, cpu_started = time.perf_counter(), cpu_seconds()
    with (OUT / name).open("rb") as file:
        budget = budget_import(
            region=region,
            year=IMPORT_YEAR,
            stage=Stage.APBD,
            nomenclature=version,
            file=file,
            filename=name,
        )
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "cpu_seconds": round(cpu_seconds() - cpu_started, 2),
        "lines": budget.line_count,
        "peak_rss_mb": peak_mb(),
    }


NATIONAL = ROOT / "tests" / "data" / "nomenklatur-nasional" / "nomenklatur-2027.xlsx"
NATIONAL_NAME = "Nomenklatur nasional 2027 (benchmark)"


def import_national() -> dict:
    """The national list as it circulates, into a version of its own (replaced each run,
    with the real-shaped budget read against it)."""
    Budget.objects.filter(nomenclature__name=NATIONAL_NAME).delete()
    NomenclatureVersion.objects.filter(name=NATIONAL_NAME).delete()
    started, cpu_started = time.perf_counter(), cpu_seconds()
    with NATIONAL.open("rb") as file:
        version = nomenclature_import(name=NATIONAL_NAME, file=file, filename=NATIONAL.name)
    seconds = round(time.perf_counter() - started, 2)
    return {
        "seconds": seconds,
        "cpu_seconds": round(cpu_seconds() - cpu_started, 2),
        "items": version.items.count(),
        "peak_rss_mb": peak_mb(),
    }


def import_stage_clear() -> None:
    Budget.objects.filter(region__code=REGION_CODE, year=IMPORT_YEAR, stage=Stage.APBD).delete()


# 2. Analysis -------------------------------------------------------------------------------


def analysis(budget_pk: int, set_pk: int) -> dict:
    """Every part the analysis page and the suggestion run, each timed."""
    # Here, not at the top: imports() times their import apart (networkx too, which the
    # planning modules import only where they use it).
    import networkx  # noqa: F401

    from planning.rumpun.lines import budget_lines
    from planning.rumpun.measures import budget_by_rumpun, synergy
    from planning.rumpun.overlaps import overlaps
    from planning.rumpun.similar import similar_names
    from planning.rumpun.suggestion import suggestion_build

    budget = Budget.objects.select_related("region", "nomenclature").get(pk=budget_pk)
    pp18 = RumpunSet.objects.get(pk=set_pk)
    clock, times = time.perf_counter, {}
    started = clock()
    lines = budget_lines(budget)
    times["budget_lines"] = clock() - started
    started = clock()
    shared, misplaced = overlaps(budget, lines)
    times["overlaps"] = clock() - started
    started = clock()
    measures, modularity = synergy(pp18, budget, lines)
    times["synergy"] = clock() - started
    started = clock()
    money = budget_by_rumpun(pp18, budget, lines)
    times["budget_by_rumpun"] = clock() - started
    started = clock()
    similar = similar_names(budget, threshold=THRESHOLD, lines=lines)
    times["similar_names"] = clock() - started
    started = clock()
    with transaction.atomic():
        suggestion = suggestion_build(budget=budget)
        transaction.set_rollback(True)  # measured with its writes, but not kept
    times["suggest"] = clock() - started
    times = {part: round(seconds, 3) for part, seconds in times.items()}
    times["total"] = round(sum(times.values()), 3)
    found = {
        "lines": len(lines),
        "shared_sub_kegiatan": len(shared),
        "misplaced": len(misplaced),
        "rumpun": len(measures),
        "modularity": round(modularity, 3),
        "rumpun_budgets": len(money),
        "similar_pairs": len(similar),
        "suggested_rumpun": len(suggestion.reasons),
    }
    return {"seconds": times, "found": found, "peak_rss_mb": peak_mb()}


def imports() -> dict:
    """What a fresh process pays before the first analysis: networkx (with planning.rumpun)
    and sparse_dot_topn with scipy (on the first similar_names)."""
    started = time.perf_counter()
    import networkx  # noqa: F401

    import planning.rumpun.measures  # noqa: F401

    rumpun_seconds = time.perf_counter() - started
    started = time.perf_counter()
    import sparse_dot_topn  # noqa: F401

    return {
        "rumpun_seconds": round(rumpun_seconds, 3),
        "sparse_dot_topn_seconds": round(time.perf_counter() - started, 3),
    }


# 3. Similar names --------------------------------------------------------------------------


def distinct_names(version, count: int, seed: int = 20_000) -> list[str]:
    """`count` distinct sub kegiatan names from the real ones: the real names as they are,
    then, at random, a real name placed in a kecamatan or desa ("… di Kecamatan Dau"), a
    real name with an object ("… (Puskesmas Pakis)", "… (SD Negeri 3 Turen)"), or the first
    word of one real name with the rest of another of the same bidang ("Rehabilitasi" +
    "Ruang Kelas Sekolah")."""
    chance = random.Random(seed)
    by_bidang: dict[str, list[str]] = defaultdict(list)
    for code, name in NomenclatureItem.objects.filter(
        version=version, level="sub_kegiatan"
    ).values_list("code", "name"):
        by_bidang[code[:4]].append(" ".join(name.split()))
    real = sorted({name for names in by_bidang.values() for name in names})
    groups = [sorted(set(names)) for _bidang, names in sorted(by_bidang.items())]
    names = dict.fromkeys(real)
    while len(names) < count:
        kind = chance.random()
        if kind < 0.45:
            place = chance.choice(["Kecamatan", "Desa", "Kelurahan"])
            name = f"{chance.choice(real)} di {place} {chance.choice(PLACES)}"
        elif kind < 0.7:
            thing = chance.choice(OBJECTS).format(n=chance.randint(1, 12))
            name = f"{chance.choice(real)} ({thing} {chance.choice(PLACES)})"
        else:
            group = chance.choice(groups)
            first, other = chance.choice(group), chance.choice(group)
            if " " not in first or " " not in other:
                continue
            name = f"{first.split(' ', 1)[0]} {other.split(' ', 1)[1]}"
        names[name] = None
    return list(names)[:count]


def char_wb_vectors(texts: list[str]) -> list[dict[str, float]]:
    """TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True) in plain
    Python: the same n-grams, weights and L2 normalisation, so the same cosine."""
    counts = []
    for text in texts:
        grams: Counter[str] = Counter()
        for word in text.lower().split():
            word = f" {word} "
            for n in range(3, 6):
                grams.update(word[i : i + n] for i in range(max(1, len(word) - n + 1)))
                if len(word) <= n:
                    break  # a short word counts once, as in scikit-learn
        counts.append(grams)
    df = Counter(gram for grams in counts for gram in grams)
    idf = {gram: math.log((1 + len(texts)) / (1 + n)) + 1 for gram, n in df.items()}
    vectors = []
    for grams in counts:
        weights = {gram: (1 + math.log(n)) * idf[gram] for gram, n in grams.items()}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        vectors.append({gram: w / norm for gram, w in weights.items()})
    return vectors


def naive_pairs(names: dict[str, str], funded: dict[str, set[int]]) -> list[tuple]:
    """What similar_pairs finds, by a plain loop over every pair of names."""
    from planning.rumpun.similar import _core  # the same generic words removed first

    codes = sorted(c for c in names if _core(names[c]))
    vectors = char_wb_vectors([_core(names[c]) for c in codes])
    pairs = []
    for i, first in enumerate(vectors):
        for j in range(i + 1, len(vectors)):
            second = vectors[j]
            value = sum(weight * second.get(gram, 0.0) for gram, weight in first.items())
            a, b = codes[i], codes[j]
            if value >= THRESHOLD and len(funded.get(a, set()) | funded.get(b, set())) > 1:
                pairs.append((a, b, round(value, 3)))
    return pairs


def similar_names_bench() -> dict:
    from planning.rumpun.similar import similar_pairs

    started = time.perf_counter()
    import sparse_dot_topn  # noqa: F401

    import_seconds = time.perf_counter() - started
    version = NomenclatureVersion.objects.get(name=DEMO_NOMENCLATURE)
    chance = random.Random(45)
    all_names = distinct_names(version, NAMES)
    names = {f"S{i:05d}": name for i, name in enumerate(all_names)}
    funded = {code: {chance.randint(1, 45)} for code in names}  # one agency of 45 each
    started = time.perf_counter()
    pairs = similar_pairs(names, funded, threshold=THRESHOLD)
    full = {
        "names": len(names),
        "seconds": round(time.perf_counter() - started, 2),
        "pairs": len(pairs),
        "peak_rss_mb": peak_mb(),
    }
    del pairs
    order = sorted(names)
    chance.shuffle(order)
    samples = []
    for size in SAMPLES:
        sample = {code: names[code] for code in order[:size]}
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            fast = similar_pairs(sample, funded, threshold=THRESHOLD)
            runs.append(time.perf_counter() - started)
        started = time.perf_counter()
        slow = naive_pairs(sample, funded)
        naive_seconds = time.perf_counter() - started
        fast_found = {(p.first, p.second): p.similarity for p in fast}
        slow_found = {(a, b): value for a, b, value in slow}
        samples.append(
            {
                "names": size,
                "pairs_compared": size * (size - 1) // 2,
                "vectorised_seconds": round(statistics.median(runs), 3),
                "naive_seconds": round(naive_seconds, 2),
                "pairs": len(fast_found),
                "same_pairs": fast_found.keys() == slow_found.keys(),
                "largest_difference": max(
                    (abs(fast_found[k] - slow_found[k]) for k in fast_found.keys() & slow_found),
                    default=0.0,
                ),
            }
        )
    small, large = samples
    per_pair = large["naive_seconds"] / large["pairs_compared"]
    naive_full = per_pair * NAMES * (NAMES - 1) / 2
    return {
        "sparse_dot_topn_import_seconds": round(import_seconds, 3),
        "full": full,
        "samples": samples,
        "naive_growth": round(large["naive_seconds"] / small["naive_seconds"], 2),
        "pairs_growth": round(large["pairs_compared"] / small["pairs_compared"], 2),
        "naive_full_seconds_extrapolated": round(naive_full),
        "speedup_full": round(naive_full / full["seconds"], 1),
        "speedup_samples": [
            round(s["naive_seconds"] / s["vectorised_seconds"], 1) for s in samples
        ],
    }


# 4. A real-shaped provincial budget --------------------------------------------------------

REAL_REGION_CODE = "98"
REAL_YEAR = 2032
REAL_LINES = scale(20_000, 300)
REAL_FILE = "apbd-provinsi.xlsx"
REAL_TAGS_FILE = "tags-provinsi.csv"
LINES_PER_SUB_KEGIATAN = 8  # an agency's lines per sub kegiatan it funds: rekening × source
ELSEWHERE_AGENCIES = 0.35  # agencies that fund one to three sub kegiatan of other bidang
ZERO_SHARE = 0.03  # lines at Rp0 (the 2022 Jawa Barat budget: 42 of 1,767)
URUSAN = {
    "1": "URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR",
    "2": "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR",
    "3": "URUSAN PEMERINTAHAN PILIHAN",
    "4": "UNSUR PENDUKUNG URUSAN PEMERINTAHAN",
    "5": "UNSUR PENUNJANG URUSAN PEMERINTAHAN",
    "6": "UNSUR PENGAWASAN URUSAN PEMERINTAHAN",
    "8": "UNSUR KESATUAN BANGSA DAN POLITIK",
}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"]
# A province's 60 perangkat daerah, after the 47 of the 2022 Jawa Barat budget
# (tests/data/apbd-jabar-2022) with its hospitals and UPTD: short name, name, kind, unit
# code, the agency it is a unit of (a dinas and its own UPTD or RSUD: expected overlaps),
# and its sub SKPD, which exist only in the file (kode_sub_skpd ending 0001, 0002, ...).
REAL_AGENCIES = [
    ("Setda", "Sekretariat Daerah", "sekretariat", "4.01.0.00.0.00.01.0000", "", [
        "Biro Pemerintahan dan Otonomi Daerah", "Biro Hukum dan Hak Asasi Manusia",
        "Biro Kesejahteraan Rakyat", "Biro Perekonomian",
        "Biro BUMD, Investasi dan Administrasi Pembangunan", "Biro Pengadaan Barang/Jasa",
        "Biro Organisasi", "Biro Administrasi Pimpinan", "Biro Umum",
    ]),
    ("Setwan", "Sekretariat DPRD", "sekretariat", "4.02.0.00.0.00.01.0000", "", []),
    ("Inspektorat", "Inspektorat Daerah", "inspektorat", "6.01.0.00.0.00.01.0000", "", []),
    ("Bappeda", "Badan Perencanaan Pembangunan Daerah", "badan", "5.01.0.00.0.00.01.0000", "", []),
    ("Brida", "Badan Riset dan Inovasi Daerah", "badan", "5.05.0.00.0.00.01.0000", "", []),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "badan", "5.02.0.00.0.00.01.0000", "",
     []),
    ("Bapenda", "Badan Pendapatan Daerah", "badan", "5.02.0.00.0.00.02.0000", "", [
        f"Pusat Pengelolaan Pendapatan Daerah Wilayah {place}" for place in (
            "Kota Bandung I", "Kota Bandung II", "Kabupaten Bogor", "Kota Bekasi",
            "Kabupaten Garut", "Kota Cirebon", "Kabupaten Karawang", "Kota Tasikmalaya",
        )
    ]),
    ("BKD", "Badan Kepegawaian Daerah", "badan", "5.03.0.00.0.00.01.0000", "", []),
    ("BPSDM", "Badan Pengembangan Sumber Daya Manusia", "badan", "5.04.0.00.0.00.01.0000", "",
     []),
    ("UPTD Kompetensi ASN", "UPTD Balai Pengembangan Kompetensi ASN", "badan",
     "5.04.0.00.0.00.02.0000", "BPSDM", []),
    ("Badan Penghubung", "Badan Penghubung", "badan", "5.07.0.00.0.00.01.0000", "", []),
    ("Bakesbangpol", "Badan Kesatuan Bangsa dan Politik", "badan", "8.01.0.00.0.00.01.0000", "",
     []),
    ("Satpol PP", "Satuan Polisi Pamong Praja", "satuan", "1.05.0.00.0.00.01.0000", "", []),
    ("BPBD", "Badan Penanggulangan Bencana Daerah", "badan", "1.05.0.00.0.00.02.0000", "", []),
    ("Disdik", "Dinas Pendidikan", "dinas", "1.01.0.00.0.00.01.0000", "", [
        f"Cabang Dinas Pendidikan Wilayah {number}" for number in ROMAN
    ]),
    ("UPTD Tikomdik", "UPTD Teknologi Informasi dan Komunikasi Pendidikan", "dinas",
     "1.01.0.00.0.00.02.0000", "Disdik", []),
    ("Dinkes", "Dinas Kesehatan", "dinas", "1.02.0.00.0.00.01.0000", "", [
        "UPTD Balai Pelatihan Kesehatan", "UPTD Pengelolaan Obat dan Perbekalan Kesehatan",
    ]),
    ("RSUD Al Ihsan", "Rumah Sakit Umum Daerah Al Ihsan", "dinas", "1.02.0.00.0.00.02.0000",
     "Dinkes", []),
    ("RS Paru", "Rumah Sakit Paru Sidawangi", "dinas", "1.02.0.00.0.00.03.0000", "Dinkes", []),
    ("RS Jiwa", "Rumah Sakit Jiwa", "dinas", "1.02.0.00.0.00.04.0000", "Dinkes", []),
    ("RSUD Pameungpeuk", "RSUD Pameungpeuk", "dinas", "1.02.0.00.0.00.05.0000", "Dinkes", []),
    ("RSUD Jampang Kulon", "RSUD Jampang Kulon", "dinas", "1.02.0.00.0.00.06.0000", "Dinkes", []),
    ("RS Kesehatan Kerja", "Rumah Sakit Kesehatan Kerja", "dinas", "1.02.0.00.0.00.07.0000",
     "Dinkes", []),
    ("Labkesda", "UPTD Laboratorium Kesehatan Daerah", "dinas", "1.02.0.00.0.00.08.0000",
     "Dinkes", []),
    ("DBMPR", "Dinas Bina Marga dan Penataan Ruang", "dinas", "1.03.0.00.0.00.01.0000", "", [
        f"UPTD Pengelolaan Jalan dan Jembatan Wilayah {number}" for number in ROMAN[2:6]
    ]),
    ("DSDA", "Dinas Sumber Daya Air", "dinas", "1.03.0.00.0.00.02.0000", "", [
        "Balai PSDA Ciliwung-Cisadane", "Balai PSDA Cimanuk-Cisanggarung", "Balai PSDA Citanduy",
    ]),
    ("UPTD PJJ I", "UPTD Pengelolaan Jalan dan Jembatan Wilayah I", "dinas",
     "1.03.0.00.0.00.03.0000", "DBMPR", []),
    ("UPTD PJJ II", "UPTD Pengelolaan Jalan dan Jembatan Wilayah II", "dinas",
     "1.03.0.00.0.00.04.0000", "DBMPR", []),
    ("Balai PSDA Citarum", "UPTD Balai Pengelolaan Sumber Daya Air Citarum", "dinas",
     "1.03.0.00.0.00.05.0000", "DSDA", []),
    ("Disperkim", "Dinas Perumahan dan Permukiman", "dinas", "1.04.2.10.0.00.01.0000", "", []),
    ("Dinsos", "Dinas Sosial", "dinas", "1.06.0.00.0.00.01.0000", "", [
        "UPTD Panti Sosial Asuhan Anak", "UPTD Panti Sosial Lanjut Usia",
        "UPTD Panti Sosial Rehabilitasi Penyandang Disabilitas",
    ]),
    ("UPTD Griya Harapan", "UPTD Pusat Pelayanan Sosial Griya Harapan Difabel", "dinas",
     "1.06.0.00.0.00.02.0000", "Dinsos", []),
    ("Disnakertrans", "Dinas Tenaga Kerja dan Transmigrasi", "dinas", "2.07.3.32.0.00.01.0000",
     "", [f"UPTD Pengawasan Ketenagakerjaan Wilayah {number}" for number in ROMAN[:2]]),
    ("UPTD BPK", "UPTD Balai Pelatihan Kerja", "dinas", "2.07.3.32.0.00.02.0000", "Disnakertrans",
     []),
    ("DP3AKB", "Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Keluarga Berencana", "dinas",
     "2.08.2.14.0.00.01.0000", "", []),
    ("DKPP", "Dinas Ketahanan Pangan dan Peternakan", "dinas", "2.09.3.27.0.00.01.0000", "", []),
    ("DLH", "Dinas Lingkungan Hidup", "dinas", "2.11.0.00.0.00.01.0000", "", []),
    ("UPTD PSLB3", "UPTD Pengelolaan Sampah dan Limbah B3", "dinas", "2.11.0.00.0.00.02.0000",
     "DLH", []),
    ("UPTD Labling", "UPTD Laboratorium Lingkungan", "dinas", "2.11.0.00.0.00.03.0000", "DLH", []),
    ("Disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "dinas", "2.12.0.00.0.00.01.0000",
     "", []),
    ("DPMDesa", "Dinas Pemberdayaan Masyarakat dan Desa", "dinas", "2.13.0.00.0.00.01.0000", "",
     []),
    ("Dishub", "Dinas Perhubungan", "dinas", "2.15.0.00.0.00.01.0000", "", [
        "UPTD Pengelolaan Prasarana Perhubungan LLAJ Wilayah I",
        "UPTD Pengelolaan Prasarana Perhubungan LLAJ Wilayah II",
    ]),
    ("UPTD PKB", "UPTD Pengujian Kendaraan Bermotor", "dinas", "2.15.0.00.0.00.02.0000", "Dishub",
     []),
    ("Diskominfo", "Dinas Komunikasi dan Informatika", "dinas", "2.16.2.20.2.21.01.0000", "", []),
    ("Diskuk", "Dinas Koperasi dan Usaha Kecil", "dinas", "2.17.0.00.0.00.01.0000", "", []),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "dinas",
     "2.18.0.00.0.00.01.0000", "", []),
    ("Dispora", "Dinas Pemuda dan Olahraga", "dinas", "2.19.0.00.0.00.01.0000", "", []),
    ("Dispusipda", "Dinas Perpustakaan dan Kearsipan Daerah", "dinas", "2.23.2.24.0.00.01.0000",
     "", []),
    ("Disparbud", "Dinas Pariwisata dan Kebudayaan", "dinas", "3.26.2.22.0.00.01.0000", "", []),
    ("UPTD Kebudayaan", "UPTD Pengelolaan Kebudayaan Daerah", "dinas", "3.26.2.22.0.00.02.0000",
     "Disparbud", []),
    ("DKP", "Dinas Kelautan dan Perikanan", "dinas", "3.25.0.00.0.00.01.0000", "", [
        "Cabang Dinas Kelautan dan Perikanan Wilayah Utara",
        "Cabang Dinas Kelautan dan Perikanan Wilayah Selatan",
    ]),
    ("UPTD PPP", "UPTD Pelabuhan Perikanan", "dinas", "3.25.0.00.0.00.02.0000", "DKP", []),
    ("DTPH", "Dinas Tanaman Pangan dan Hortikultura", "dinas", "3.27.0.00.0.00.01.0000", "", [
        "UPTD Balai Proteksi Tanaman Pertanian",
    ]),
    ("Disbun", "Dinas Perkebunan", "dinas", "3.27.0.00.0.00.02.0000", "", []),
    ("UPTD Balai Benih", "UPTD Balai Pengembangan Benih Tanaman Pangan dan Hortikultura", "dinas",
     "3.27.0.00.0.00.03.0000", "DTPH", []),
    ("Dishut", "Dinas Kehutanan", "dinas", "3.28.0.00.0.00.01.0000", "", [
        f"Cabang Dinas Kehutanan Wilayah {number}" for number in ROMAN[:3]
    ]),
    ("UPTD Tahura", "UPTD Taman Hutan Raya Ir. H. Djuanda", "dinas", "3.28.0.00.0.00.02.0000",
     "Dishut", []),
    ("Dinas ESDM", "Dinas Energi dan Sumber Daya Mineral", "dinas", "3.29.0.00.0.00.01.0000", "",
     []),
    ("Disperindag", "Dinas Perindustrian dan Perdagangan", "dinas", "3.30.3.31.0.00.01.0000", "",
     []),
    ("UPTD Metrologi", "UPTD Metrologi Legal", "dinas", "3.30.3.31.0.00.02.0000", "Disperindag",
     []),
]  # fmt: skip
REAL_COLUMNS = [  # SIPD's pagu per sub SKPD, sub kegiatan and rekening, in its own names
    "tahun", "kode_urusan", "nama_urusan", "kode_bidang_urusan", "nama_bidang_urusan",
    "kode_skpd", "nama_skpd", "kode_sub_skpd", "nama_sub_skpd", "kode_program", "nama_program",
    "kode_giat", "nama_giat", "kode_sub_giat", "nama_sub_giat", "kode_sumber_dana",
    "nama_sumber_dana", "kode_akun", "nama_akun", "pagu",
]  # fmt: skip
AKUN_SUPPORT = [a for a in AKUN if a[0].startswith(("5.1.01", "5.1.02", "5.2.02"))]
AKUN_WORK = [a for a in AKUN if not a[0].startswith("5.1.01")]


def real_region_prepare() -> Region:
    """The benchmark's own provinsi and its 60 agencies (updated in place on a re-run)."""
    region, _created = Region.objects.update_or_create(
        code=REAL_REGION_CODE,
        defaults={"name": "Provinsi Uji Perencanaan (benchmark)", "kind": "provinsi"},
    )
    made: dict[str, Agency] = {}
    for short_name, name, kind, unit_code, parent, _units in REAL_AGENCIES:
        made[short_name], _created = Agency.objects.update_or_create(
            region=region,
            short_name=short_name,
            defaults={
                "name": name,
                "kind": kind,
                "unit_code": unit_code,
                "parent": made.get(parent),
            },
        )
    return region


def real_rows(region, version, *, count: int, year: int, seed: int) -> list[list]:
    """`count` rows of SIPD's pagu per sub SKPD, sub kegiatan and rekening, in the codes and
    names of the national list's provinsi items. Each agency funds a set of sub kegiatan: a
    third program 01 of its first bidang, the rest of its own bidang, and for about a third
    of the agencies one to three of another bidang; each with several lines (rekening and
    source of funds) spread over its sub SKPD, so one sub kegiatan appears under several
    sub units of one agency. Amounts are log-normal (median Rp294 million), 3% at Rp0."""
    chance = random.Random(seed)
    items = NomenclatureItem.objects.filter(
        version=version, government_level=GovernmentLevel.PROVINCE
    )
    names = dict(items.values_list("code", "name"))
    work: dict[str, list[str]] = defaultdict(list)
    support: dict[str, list[str]] = defaultdict(list)
    for code, is_penunjang in (
        items.filter(level="sub_kegiatan").order_by("code").values_list("code", "is_penunjang")
    ):
        (support if is_penunjang else work)[code[:4]].append(code)
    agencies = {a.short_name: a for a in Agency.objects.filter(region=region)}
    weights = [
        (0.4 if parent else 1.0) * (1 + 0.25 * len(units)) * chance.uniform(0.6, 1.4)
        for _short, _name, _kind, _code, parent, units in REAL_AGENCIES
    ]
    quotas = [int(count * w / sum(weights)) for w in weights]
    for i in range(count - sum(quotas)):
        quotas[i] += 1
    rows = []
    for (short_name, *_rest, units), quota in zip(REAL_AGENCIES, quotas, strict=True):
        agency = agencies[short_name]
        bidang = [b for b in (agency.bidang_1, agency.bidang_2, agency.bidang_3) if b]
        own = [code for b in bidang for code in work[b]]
        size = max(4, round(quota / LINES_PER_SUB_KEGIATAN))
        chosen = chance.sample(support[bidang[0]], min(len(support[bidang[0]]), size // 3 + 1))
        penunjang = set(chosen)
        chosen += chance.sample(own, min(len(own), size - len(chosen)))
        if chance.random() < ELSEWHERE_AGENCIES:
            others = [
                code for b, codes in sorted(work.items()) if b not in bidang for code in codes
            ]
            chosen += chance.sample(others, chance.randint(1, 3))
        often = [chance.lognormvariate(0, 1) for _code in chosen]
        sub_units = [(agency.unit_code, agency.name)] + [
            (agency.unit_code[:-4] + f"{serial:04d}", name)
            for serial, name in enumerate(units, start=1)
        ]
        seen = set()
        while len(seen) < quota:
            code = chance.choices(chosen, often)[0]
            sub_unit = chance.choice(sub_units)
            akun = chance.choice(AKUN_SUPPORT if code in penunjang else AKUN_WORK)
            source = chance.choice(SOURCES)
            if (sub_unit, code, akun, source) in seen:
                continue
            seen.add((sub_unit, code, akun, source))
            parts = code.split(".")
            bidang_code, program, kegiatan = (".".join(parts[:n]) for n in (2, 3, 5))
            amount = (
                0
                if chance.random() < ZERO_SHARE
                else min(int(chance.lognormvariate(19.5, 1.8)) // 1000 * 1000, 2 * 10**12)
            )
            row = [
                year, parts[0], URUSAN.get(parts[0], ""), bidang_code, names.get(bidang_code, ""),
                agency.unit_code, agency.name, *sub_unit, program, names.get(program, ""),
                kegiatan, names.get(kegiatan, ""), code, names[code], *source, *akun, amount,
            ]  # fmt: skip
            rows.append(row)
    return rows


def real_tags(version, rows: list[list]) -> list[tuple[str, str]]:
    """The themes of the funded sub kegiatan as the national list gives them (its TAG
    column, and SPM), as a region would import them: (code, tag), overlapping on purpose."""
    funded = {row[REAL_COLUMNS.index("kode_sub_giat")] for row in rows}
    pairs = []
    for code, tags, spm in (
        NomenclatureItem.objects.filter(
            version=version,
            government_level=GovernmentLevel.PROVINCE,
            level="sub_kegiatan",
            code__in=funded,
        )
        .order_by("code")
        .values_list("code", "tags", "spm")
    ):
        pairs += [(code, tag) for tag in dict.fromkeys([*tags, *(["SPM"] if spm else [])])]
    return pairs


def real_prepare() -> dict:
    """The provinsi, its agencies, the 20,000-line file in the national list's codes (the
    version `import_national` made), the region's tags imported from it, and the presets."""
    from planning.rumpun.presets import PRESETS, preset_build

    region = real_region_prepare()
    version = NomenclatureVersion.objects.get(name=NATIONAL_NAME)
    started = time.perf_counter()
    rows = real_rows(region, version, count=REAL_LINES, year=REAL_YEAR, seed=2032)
    OUT.mkdir(parents=True, exist_ok=True)
    xlsx_excel_write(OUT / REAL_FILE, rows, REAL_COLUMNS)
    tags = real_tags(version, rows)
    (OUT / REAL_TAGS_FILE).write_text(
        "kode_sub_kegiatan,tag\n" + "".join(f'{code},"{tag}"\n' for code, tag in tags)
    )
    generate_seconds = time.perf_counter() - started
    started = time.perf_counter()
    with (OUT / REAL_TAGS_FILE).open("rb") as file:
        tags_import(region=region, file=file, filename=REAL_TAGS_FILE)
    tags_seconds = time.perf_counter() - started
    sets = {key: preset_build(region=region, key=key) for key in PRESETS}
    per_code = Counter(code for code, _tag in tags)
    code_at = REAL_COLUMNS.index("kode_sub_giat")
    holds = {
        agency.unit_code: {agency.bidang_1, agency.bidang_2, agency.bidang_3}
        for agency in Agency.objects.filter(region=region)
    }
    return {
        "set": sets["pp18"].pk,
        "agencies": Agency.objects.filter(region=region).count(),
        "agencies_with_a_parent": sum(1 for *_rest, parent, _units in REAL_AGENCIES if parent),
        "sub_units": sum(len(units) for *_rest, units in REAL_AGENCIES),
        "lines": len(rows),
        "zero_lines": sum(1 for row in rows if row[-1] == 0),
        "sub_kegiatan": len({row[code_at] for row in rows}),
        "agency_sub_kegiatan": len({(row[5], row[code_at]) for row in rows}),
        "lines_outside_own_bidang": sum(1 for row in rows if row[3] not in holds[row[5]]),
        "total_rupiah": sum(row[-1] for row in rows),
        "tags": len(tags),
        "tagged_codes": len(per_code),
        "codes_with_several_tags": sum(1 for n in per_code.values() if n > 1),
        "bytes": (OUT / REAL_FILE).stat().st_size,
        "generate_seconds": round(generate_seconds, 1),
        "tags_seconds": round(tags_seconds, 2),
    }


def real_import() -> dict:
    """The 20,000-line file into its stage (replaced each run), through the real import."""
    region = Region.objects.get(code=REAL_REGION_CODE)
    version = NomenclatureVersion.objects.get(name=NATIONAL_NAME)
    started, cpu_started = time.perf_counter(), cpu_seconds()
    with (OUT / REAL_FILE).open("rb") as file:
        budget = budget_import(
            region=region,
            year=REAL_YEAR,
            stage=Stage.APBD,
            nomenclature=version,
            file=file,
            filename=REAL_FILE,
        )
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "cpu_seconds": round(cpu_seconds() - cpu_started, 2),
        "budget": budget.pk,
        "lines": budget.line_count,
        "total": str(budget.total),
        "zero_lines": budget.import_report.zero_lines,
        "peak_rss_mb": peak_mb(),
    }


def real_analysis(budget_pk: int, set_pk: int) -> dict:
    """What the analysis page assembles (`budget_analyse`) under the PP 18/2016 set, with
    every link source: timed from importing planning.analysis (nothing in a warm process;
    in a fresh one networkx), then the call (numpy, scipy and sparse_dot_topn on its
    first run in a process)."""
    started = time.perf_counter()
    from planning.analysis import budget_analyse

    import_seconds = time.perf_counter() - started
    budget = Budget.objects.select_related("region", "nomenclature").get(pk=budget_pk)
    pp18 = RumpunSet.objects.get(pk=set_pk)
    started, cpu_started = time.perf_counter(), cpu_seconds()
    done = budget_analyse(budget=budget, rumpun_set=pp18, threshold=THRESHOLD)
    seconds = time.perf_counter() - started
    grouping = done.grouping
    found = {
        "shared_sub_kegiatan": len(done.shared),
        "expected": len(done.expected),
        "misplaced": len(done.misplaced),
        "similar_pairs": len(done.similar),
        "rumpun": len(grouping.rows),
        "modularity": round(grouping.modularity, 3),
        "unlinked": len(grouping.unlinked),
        "placed": len(grouping.placements),
        "shared_tags": len(grouping.shared_tags),
        "presets_compared": len(grouping.against_presets),
    }
    return {
        "import_seconds": round(import_seconds, 3),
        "seconds": round(seconds, 3),
        "cpu_seconds": round(cpu_seconds() - cpu_started, 2),
        "found": found,
        "peak_rss_mb": peak_mb(),
    }


# Run ---------------------------------------------------------------------------------------


def run_child(part: str, *args: str) -> dict:
    if part == "prepare":
        return prepare()
    if part == "baseline":
        return {"peak_rss_mb": peak_mb()}
    if part == "import":
        return import_file(args[0])
    if part == "imports":
        return imports()
    if part == "national":
        return import_national()
    if part == "analysis":
        return analysis(int(args[0]), int(args[1]))
    if part == "names":
        return similar_names_bench()
    if part == "real_prepare":
        return real_prepare()
    if part == "real_import":
        return real_import()
    if part == "real_analysis":
        return real_analysis(int(args[0]), int(args[1]))
    raise SystemExit(f"no part {part}")


def main() -> dict:
    prepared = child("prepare")
    sizes = ", ".join(f"{kind} {size / 2**20:.1f} MiB" for kind, size in prepared["bytes"].items())
    print(
        f"{prepared['agencies']} agencies; files of {IMPORT_LINES:,} lines made in "
        f"{prepared['generate_seconds']} s ({sizes})"
    )
    baseline = child("baseline")
    loads = {}
    for kind, (name, _write) in FILES.items():
        import_stage_clear()  # into an empty stage
        loads[kind] = child("import", name)
    loads["csv_replacing"] = child("import", FILES["csv"][0])  # replaces the stage's lines
    import_stage_clear()
    loaded = child("imports")
    national = child("national")
    cold = child("analysis", str(prepared["budget"]), str(prepared["set"]))
    names = child("names")
    # The first run in this process, then five more: the second is "warm"; their median
    # says how much one run's full garbage collection (about 0.1 s) weighs.
    runs = [analysis(prepared["budget"], prepared["set"]) for _ in range(6)]
    warm = runs[1]
    median = {
        part: round(statistics.median(run["seconds"][part] for run in runs[1:]), 3)
        for part in warm["seconds"]
    }
    # The real-shaped provinsi, read against the national list `national` imported.
    real = child("real_prepare")
    print(
        f"{real['agencies']} agencies, {real['lines']:,} lines ({real['zero_lines']} at Rp0), "
        f"{real['tagged_codes']} tagged sub kegiatan made in {real['generate_seconds']} s"
    )
    real_load = child("real_import")
    real_cold = child("real_analysis", str(real_load["budget"]), str(real["set"]))
    real_runs = [real_analysis(real_load["budget"], real["set"]) for _ in range(6)]
    real_warm = round(statistics.median(run["seconds"] for run in real_runs[1:]), 3)
    result = {
        "date": timezone.localdate().isoformat(),
        "import": {
            "lines": IMPORT_LINES,
            "bytes": prepared["bytes"],
            "baseline_peak_rss_mb": baseline["peak_rss_mb"],
            **loads,
        },
        "analysis": {
            "agencies": prepared["agencies"],
            "found": warm["found"],
            "cold_seconds": cold["seconds"],
            "warm_seconds": warm["seconds"],
            "warm_median_seconds": median,
            "cold_peak_rss_mb": cold["peak_rss_mb"],
            "import_rumpun_seconds": loaded["rumpun_seconds"],
            "import_sparse_dot_topn_seconds": loaded["sparse_dot_topn_seconds"],
        },
        "similar_names": names,
        "national_nomenclature": national,
        "real_shaped": {
            **real,
            "import": real_load,
            "analysis_cold": real_cold,
            "analysis_runs_seconds": [run["seconds"] for run in real_runs],
            "analysis_warm_median_seconds": real_warm,
            "found": real_runs[-1]["found"],
            "analysis_peak_rss_mb": real_runs[-1]["peak_rss_mb"],
        },
        "targets": {
            "national_nomenclature_seconds": 5,
            "real_import_seconds": 10,
            "real_analysis_warm_seconds": 2,
            "import_seconds": 60,
            "import_peak_rss_mb": 1024,
            "analysis_seconds": 3,
            "similar_names_seconds": 10,
        },
    }
    checks = {
        "import CSV": loads["csv"]["seconds"] < 60 and loads["csv"]["peak_rss_mb"] < 1024,
        "import XLSX": loads["xlsx"]["seconds"] < 60 and loads["xlsx"]["peak_rss_mb"] < 1024,
        "analysis warm": warm["seconds"]["total"] < 3,
        "analysis cold": cold["seconds"]["total"] < 3,
        "similar names": names["full"]["seconds"] < 10,
        "national nomenclature": national["seconds"] < 5,
        "real-shaped import": real_load["seconds"] < 10,
        "real-shaped analysis warm": real_warm < 2,
    }
    result["met"] = checks
    result["ok"] = all(checks.values())
    table(result)
    return result


def table(result: dict) -> None:
    rows = []
    imported = result["import"]
    rows.append(("process after django.setup()", f"{imported['baseline_peak_rss_mb']} MiB", ""))
    for label, what in (
        ("csv", f"import {IMPORT_LINES:,} lines, CSV"),
        ("xlsx", f"import {IMPORT_LINES:,} lines, XLSX (as Excel saves)"),
        ("xlsx_openpyxl", "  the same XLSX as openpyxl writes it"),
        ("csv_replacing", "  the CSV again, replacing the stage"),
    ):
        load = imported[label]
        rows.append(
            (
                what,
                f"{load['seconds']} s (CPU {load['cpu_seconds']} s), "
                f"{load['peak_rss_mb']} MiB (ru_maxrss {load['ru_maxrss_mb']})",
                "< 60 s, < 1 GiB" if label in ("csv", "xlsx") else "",
            )
        )
    done = result["analysis"]
    for part in done["warm_seconds"]:
        rows.append(
            (
                f"analysis: {part}",
                f"{done['warm_seconds'][part]} s warm (median "
                f"{done['warm_median_seconds'][part]} s), {done['cold_seconds'][part]} s cold",
                "< 3 s" if part == "total" else "",
            )
        )
    for module, key in (
        ("planning.rumpun (networkx)", "rumpun"),
        ("sparse_dot_topn (scipy)", "sparse_dot_topn"),
    ):
        rows.append((f"  import {module}", f"{done[f'import_{key}_seconds']} s", ""))
    national = result["national_nomenclature"]
    rows.append(
        (
            "import the national nomenclature 2027 (7,581 rows)",
            f"{national['seconds']} s (CPU {national['cpu_seconds']} s), "
            f"{national['items']:,} items, {national['peak_rss_mb']} MiB",
            "< 5 s",
        )
    )
    real = result["real_shaped"]
    load, cold = real["import"], real["analysis_cold"]
    rows.append(
        (
            f"real-shaped: import {real['lines']:,} lines, XLSX",
            f"{load['seconds']} s (CPU {load['cpu_seconds']} s), {load['peak_rss_mb']} MiB",
            "< 10 s",
        )
    )
    rows.append(
        (
            "real-shaped: budget_analyse, warm",
            f"median {real['analysis_warm_median_seconds']} s of "
            + ", ".join(f"{s:g}" for s in real["analysis_runs_seconds"]),
            "< 2 s",
        )
    )
    rows.append(
        (
            "real-shaped: budget_analyse, cold",
            f"{cold['seconds']} s, after {cold['import_seconds']} s importing planning.analysis",
            "",
        )
    )
    names = result["similar_names"]
    rows.append(
        (
            f"similar_pairs, {names['full']['names']:,} names",
            f"{names['full']['seconds']} s, {names['full']['peak_rss_mb']} MiB, "
            f"{names['full']['pairs']:,} pairs",
            "< 10 s",
        )
    )
    for sample in names["samples"]:
        rows.append(
            (
                f"  {sample['names']:,} names: vectorised / naive",
                f"{sample['vectorised_seconds']} s / {sample['naive_seconds']} s"
                + ("" if sample["same_pairs"] else " (pairs differ!)"),
                "",
            )
        )
    rows.append(
        (
            f"  naive, {names['full']['names']:,} names (extrapolated)",
            f"{names['naive_full_seconds_extrapolated']:,} s, "
            f"{names['speedup_full']}x the vectorised",
            "",
        )
    )
    width = max(len(row[0]) for row in rows)
    for what, measured, target in rows:
        print(f"{what:<{width}}  {measured:<58}  {target}")
    print("met:", ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in result["met"].items()))


def figures(result: dict) -> list[dict]:
    imported, done = result["import"], result["analysis"]
    names = result["similar_names"]["full"]
    real = result["real_shaped"]
    return [
        figure(f"import {IMPORT_LINES:,} lines, CSV", imported["csv"]["seconds"], "s", target=60),
        figure(f"import {IMPORT_LINES:,} lines, XLSX", imported["xlsx"]["seconds"], "s", target=60),
        figure("import, peak memory (XLSX)", imported["xlsx"]["peak_rss_mb"], "MiB", target=1024),
        figure("analysis, warm", done["warm_seconds"]["total"], "s", target=3),
        figure("analysis, cold", done["cold_seconds"]["total"], "s", target=3),
        figure(f"similar names, {names['names']:,} names", names["seconds"], "s", target=10),
        figure(
            "import national nomenclature 2027",
            result["national_nomenclature"]["seconds"],
            "s",
            target=5,
        ),
        figure(
            f"import real-shaped {real['lines']:,} lines", real["import"]["seconds"], "s", target=10
        ),
        figure("real-shaped analysis, warm", real["analysis_warm_median_seconds"], "s", target=2),
        figure(
            "real-shaped analysis, cold",
            real["analysis_cold"]["import_seconds"] + real["analysis_cold"]["seconds"],
            "s",
        ),
    ]


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(run_child(*sys.argv[2:])))
    else:
        out = main()
        save("planning", out, figures(out))
