"""The demo region: a kota modelled on Kota Malang (Jawa Timur, WIB). Demo data, not official.

Agencies and services follow the shape of a real kota's perangkat daerah and DPMPTSP catalog;
names, numbers, people and decrees here are examples.
"""

import datetime

REGION = {
    "code": "35.73",
    "fields": {
        "name": "Kota Malang (Demo)",
        "kind": "kota",
        "time_zone": "Asia/Jakarta",
        "kop_lines": (
            "PEMERINTAH KOTA MALANG (DEMO)\n"
            "DINAS PENANAMAN MODAL DAN PELAYANAN TERPADU SATU PINTU\n"
            "Perkantoran Terpadu Gedung A Lt. 2, Jl. Mayjen Sungkono, Malang 65132"
        ),
        "cuti_bersama_closed": True,
        "is_demo": True,
    },
    "closures": [(datetime.date(2026, 4, 1), "Hari jadi Kota Malang (contoh penutupan layanan)")],
}

# short_name, name, kind, unit_code, parent (short name) — order matters for parents.
AGENCIES = [
    {
        "short_name": "DPMPTSP",
        "name": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "kind": "dinas",
        "unit_code": "2.18.0.00.0.00.01.0000",
    },
    {
        "short_name": "Dinkes",
        "name": "Dinas Kesehatan",
        "kind": "dinas",
        "unit_code": "1.02.0.00.0.00.01.0000",
    },
    {
        "short_name": "DPUPRPKP",
        "name": "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman",
        "kind": "dinas",
        "unit_code": "1.03.1.04.0.00.01.0000",
    },
]

# code, name, reusable identity document
DOCUMENT_TYPES = [
    ("ktp", "KTP-el pemohon", True),
    ("npwp", "NPWP", True),
    ("nib", "Nomor Induk Berusaha (NIB)", True),
    ("akta", "Akta pendirian badan usaha dan perubahannya", True),
    ("pas-foto", "Pas foto berwarna 4×6", False),
    ("str", "Surat Tanda Registrasi (STR) yang masih berlaku", False),
    ("rekomendasi-op", "Rekomendasi organisasi profesi", False),
    ("surat-sehat", "Surat keterangan sehat dari dokter", False),
    ("denah-lokasi", "Denah lokasi", False),
    ("desain-reklame", "Gambar desain dan ukuran reklame", False),
    ("bukti-tanah", "Bukti penguasaan tanah atau izin pemilik lahan", False),
]

COMPLAINT_CHANNEL = (
    "Pengaduan, saran, dan masukan disampaikan melalui SP4N-LAPOR! (lapor.go.id), "
    "menu Pengaduan di Satu Pintu, loket pengaduan DPMPTSP, atau telepon (0341) 000000 (demo)."
)
DELEGATION_DECREE = (
    "Peraturan Wali Kota Malang tentang Pendelegasian Kewenangan Perizinan dan Nonperizinan "
    "kepada Kepala DPMPTSP (contoh)"
)
INTERNAL_STANDARD = {
    "facilities": "Ruang tunggu, loket pelayanan, komputer dan jaringan, layanan daring Satu Pintu.",
    "staff_competence": "Memahami peraturan perizinan terkait, mampu mengoperasikan Satu Pintu.",
    "internal_supervision": "Pengawasan oleh atasan langsung dan Inspektorat Daerah.",
    "staff_count": "Front office 4 orang, tim teknis sesuai instansi, penandatangan 1 orang.",
    "service_guarantee": "Pelayanan diberikan sesuai standar pelayanan ini (Maklumat Pelayanan).",
    "security_guarantee": "Dokumen pemohon disimpan aman dan hanya dibuka oleh petugas berwenang.",
    "performance_evaluation": "Evaluasi kinerja pelaksana dan Survei Kepuasan Masyarakat berkala.",
}

_FO = ("Pemeriksaan kelengkapan berkas", "DPMPTSP", "front_office", 1)
_SIGN = ("Persetujuan dan penandatanganan", "DPMPTSP", "signing_official", 1)

SERVICES = [
    {
        "code": "sip-dokter",
        "name": "Surat Izin Praktik (SIP) Dokter",
        "category": "perizinan_non_berusaha",
        "sla_days": 5,
        "product": "Surat Izin Praktik Dokter",
        "validity_months": 60,
        "legal_basis": [
            "Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan",
            "Peraturan Menteri Kesehatan tentang Izin Praktik dan Pelaksanaan Praktik Kedokteran",
        ],
        "requirements": [
            ("ktp", True, ""),
            ("str", True, "STR dokter yang masih berlaku"),
            ("rekomendasi-op", True, "Dari IDI Cabang Malang Raya"),
            ("surat-sehat", True, ""),
            ("pas-foto", True, "2 lembar"),
        ],
        "fields": [
            {
                "key": "nama_fasyankes",
                "label": "Nama fasilitas pelayanan kesehatan",
                "kind": "text",
            },
            {"key": "alamat_praktik", "label": "Alamat tempat praktik", "kind": "long_text"},
            {"key": "nomor_str", "label": "Nomor STR", "kind": "text", "max_length": 30},
            {
                "key": "tempat_ke",
                "label": "Tempat praktik ke",
                "kind": "choice",
                "choices": "1|Pertama\n2|Kedua\n3|Ketiga",
            },
        ],
        "workflow": [
            {"stage_name": "Pemeriksaan kelengkapan", "tasks": [_FO]},
            {
                "stage_name": "Verifikasi teknis",
                "tasks": [("Verifikasi STR dan tempat praktik", "Dinkes", "technical_reviewer", 3)],
            },
            {"stage_name": "Keputusan", "tasks": [_SIGN]},
        ],
        "fee": {"kind": "free"},
    },
    {
        "code": "izin-reklame",
        "name": "Izin Penyelenggaraan Reklame",
        "category": "perizinan_berusaha",
        "sla_days": 7,
        "product": "Surat Izin Penyelenggaraan Reklame",
        "validity_months": 12,
        "legal_basis": [
            "Peraturan Daerah Kota Malang tentang Penyelenggaraan Reklame (contoh)",
            "Peraturan Daerah Kota Malang tentang Pajak dan Retribusi Daerah (contoh)",
        ],
        "requirements": [
            ("ktp", True, ""),
            ("nib", True, "Untuk badan usaha"),
            ("desain-reklame", True, ""),
            ("denah-lokasi", True, "Dengan titik koordinat"),
            ("bukti-tanah", True, ""),
        ],
        "fields": [
            {"key": "naskah", "label": "Naskah reklame", "kind": "text"},
            {"key": "luas_m2", "label": "Luas bidang reklame", "kind": "area_m2", "min_value": 1},
            {
                "key": "lama_hari",
                "label": "Lama penyelenggaraan (hari)",
                "kind": "number",
                "min_value": 1,
                "max_value": 365,
            },
            {
                "key": "kelas_lokasi",
                "label": "Kelas jalan lokasi",
                "kind": "choice",
                "choices": "a|Kelas A (jalan protokol)\nb|Kelas B\nc|Kelas C",
            },
            {"key": "koordinat", "label": "Titik koordinat", "kind": "coordinates"},
        ],
        "workflow": [
            {"stage_name": "Pemeriksaan kelengkapan", "tasks": [_FO]},
            {
                "stage_name": "Kajian teknis",
                "tasks": [
                    ("Kajian konstruksi dan tata ruang", "DPUPRPKP", "technical_reviewer", 4),
                ],
            },
            {
                "stage_name": "Keputusan",
                "tasks": [("Persetujuan dan penandatanganan", "DPMPTSP", "signing_official", 2)],
            },
        ],
        "fee": {
            "kind": "formula",
            "formula": "luas_m2 * lama_hari * tarif_lokasi[kelas_lokasi]",
            "tables": {"tarif_lokasi": {"a": 1500, "b": 1000, "c": 500}},
            "labels": {"tarif_lokasi": "Tarif per m² per hari menurut kelas jalan"},
            "basis": "Retribusi menurut Peraturan Daerah tentang Pajak dan Retribusi Daerah (contoh)",
        },
    },
]

# Demo staff: username, name, roles as (agency short name, role, position, NIP).
STAFF = [
    {"username": "superadmin", "name": "Super Admin", "superuser": True, "roles": []},
    {
        "username": "admin.kota",
        "name": "Rina Admin",
        "roles": [("DPMPTSP", "region_admin", "Pranata Komputer", "")],
    },
    {
        "username": "fo.dpmptsp",
        "name": "Dewi Lestari",
        "roles": [("DPMPTSP", "front_office", "Petugas Front Office", "")],
    },
]

APPLICANTS = [
    {
        "username": "pemohon",
        "name": "Siti Rahmawati",
        "nik": "3573014508900002",
        "address": "Jl. Ijen No. 10, Klojen, Kota Malang",
        "phone": "081234567890",
        "email": "siti@demo.satupintu.invalid",
        "summary": "pemohon perorangan",
    },
]
