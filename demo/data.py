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
# Unit codes name the bidang urusan of Permendagri 90/2019 (org/urusan.py); a merged dinas
# shows its legal grouping. Kecamatan serials follow the Kemendagri codes 35.73.01 to 35.73.05.
AGENCIES = [
    {
        "short_name": "Setda",
        "name": "Sekretariat Daerah",
        "kind": "sekretariat",
        "unit_code": "4.01.0.00.0.00.01.0000",
    },
    {
        "short_name": "Setwan",
        "name": "Sekretariat Dewan Perwakilan Rakyat Daerah",
        "kind": "sekretariat",
        "unit_code": "4.02.0.00.0.00.01.0000",
    },
    {
        "short_name": "Inspektorat",
        "name": "Inspektorat Daerah",
        "kind": "inspektorat",
        "unit_code": "6.01.0.00.0.00.01.0000",
    },
    {
        "short_name": "Barenlitbangda",
        "name": "Badan Perencanaan, Penelitian dan Pengembangan Daerah",
        "kind": "badan",
        "unit_code": "5.01.5.05.0.00.01.0000",
    },
    {
        "short_name": "BKAD",
        "name": "Badan Keuangan dan Aset Daerah",
        "kind": "badan",
        "unit_code": "5.02.0.00.0.00.01.0000",
    },
    {
        "short_name": "Bapenda",
        "name": "Badan Pendapatan Daerah",
        "kind": "badan",
        "unit_code": "5.02.0.00.0.00.02.0000",
    },
    {
        "short_name": "BKPSDM",
        "name": "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
        "kind": "badan",
        "unit_code": "5.03.5.04.0.00.01.0000",
    },
    {
        "short_name": "Bakesbangpol",
        "name": "Badan Kesatuan Bangsa dan Politik",
        "kind": "badan",
        "unit_code": "8.01.0.00.0.00.01.0000",
    },
    {
        "short_name": "Disdikbud",
        "name": "Dinas Pendidikan dan Kebudayaan",
        "kind": "dinas",
        "unit_code": "1.01.2.22.0.00.01.0000",
    },
    {
        "short_name": "Dinkes",
        "name": "Dinas Kesehatan",
        "kind": "dinas",
        "unit_code": "1.02.0.00.0.00.01.0000",
    },
    {
        "short_name": "RSUD",
        "name": "Rumah Sakit Umum Daerah",
        "kind": "dinas",
        "unit_code": "1.02.0.00.0.00.01.0001",
        "parent": "Dinkes",
    },
    {
        "short_name": "DPUPRPKP",
        "name": "Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman",
        "kind": "dinas",
        "unit_code": "1.03.1.04.0.00.01.0000",
    },
    {
        "short_name": "Satpol PP",
        "name": "Satuan Polisi Pamong Praja",
        "kind": "satuan",
        "unit_code": "1.05.0.00.0.00.01.0000",
    },
    {
        "short_name": "BPBD",
        "name": "Badan Penanggulangan Bencana Daerah",
        "kind": "badan",
        "unit_code": "1.05.0.00.0.00.02.0000",
    },
    {
        "short_name": "Dinsos-P3AP2KB",
        "name": (
            "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak, "
            "Pengendalian Penduduk dan Keluarga Berencana"
        ),
        "kind": "dinas",
        "unit_code": "1.06.2.08.2.14.01.0000",
    },
    {
        "short_name": "Disnaker",
        "name": "Dinas Tenaga Kerja",
        "kind": "dinas",
        "unit_code": "2.07.0.00.0.00.01.0000",
    },
    {
        "short_name": "DKPP",
        "name": "Dinas Ketahanan Pangan dan Pertanian",
        "kind": "dinas",
        "unit_code": "2.09.3.27.0.00.01.0000",
    },
    {
        "short_name": "DLH",
        "name": "Dinas Lingkungan Hidup",
        "kind": "dinas",
        "unit_code": "2.11.0.00.0.00.01.0000",
    },
    {
        "short_name": "Dispendukcapil",
        "name": "Dinas Kependudukan dan Pencatatan Sipil",
        "kind": "dinas",
        "unit_code": "2.12.0.00.0.00.01.0000",
    },
    {
        "short_name": "Dishub",
        "name": "Dinas Perhubungan",
        "kind": "dinas",
        "unit_code": "2.15.0.00.0.00.01.0000",
    },
    {
        "short_name": "Diskominfo",
        "name": "Dinas Komunikasi dan Informatika",
        "kind": "dinas",
        "unit_code": "2.16.2.20.2.21.01.0000",
    },
    {
        "short_name": "Diskopindag",
        "name": "Dinas Koperasi, Perindustrian dan Perdagangan",
        "kind": "dinas",
        "unit_code": "2.17.3.30.3.31.01.0000",
    },
    {
        "short_name": "DPMPTSP",
        "name": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "kind": "dinas",
        "unit_code": "2.18.0.00.0.00.01.0000",
    },
    {
        "short_name": "Disporapar",
        "name": "Dinas Kepemudaan, Olahraga dan Pariwisata",
        "kind": "dinas",
        "unit_code": "2.19.3.26.0.00.01.0000",
    },
    {
        "short_name": "Dispussipda",
        "name": "Dinas Perpustakaan dan Arsip Daerah",
        "kind": "dinas",
        "unit_code": "2.23.2.24.0.00.01.0000",
    },
    {
        "short_name": "Damkar",
        "name": "Dinas Pemadam Kebakaran dan Penyelamatan",
        "kind": "dinas",
        "unit_code": "1.05.0.00.0.00.03.0000",
    },
    {
        "short_name": "Disnah",
        "name": "Dinas Pertanahan",
        "kind": "dinas",
        "unit_code": "2.10.0.00.0.00.01.0000",
    },
    {
        "short_name": "Diskan",
        "name": "Dinas Perikanan",
        "kind": "dinas",
        "unit_code": "3.25.0.00.0.00.01.0000",
    },
    {
        "short_name": "Kec. Kedungkandang",
        "name": "Kecamatan Kedungkandang",
        "kind": "kecamatan",
        "unit_code": "7.01.0.00.0.00.01.0000",
    },
    {
        "short_name": "Kec. Sukun",
        "name": "Kecamatan Sukun",
        "kind": "kecamatan",
        "unit_code": "7.01.0.00.0.00.02.0000",
    },
    {
        "short_name": "Kec. Klojen",
        "name": "Kecamatan Klojen",
        "kind": "kecamatan",
        "unit_code": "7.01.0.00.0.00.03.0000",
    },
    {
        "short_name": "Kel. Oro-Oro Dowo",
        "name": "Kelurahan Oro-Oro Dowo",
        "kind": "kelurahan",
        "unit_code": "7.01.0.00.0.00.03.0001",
        "parent": "Kec. Klojen",
    },
    {
        "short_name": "Kec. Blimbing",
        "name": "Kecamatan Blimbing",
        "kind": "kecamatan",
        "unit_code": "7.01.0.00.0.00.04.0000",
    },
    {
        "short_name": "Kec. Lowokwaru",
        "name": "Kecamatan Lowokwaru",
        "kind": "kecamatan",
        "unit_code": "7.01.0.00.0.00.05.0000",
    },
    {
        "short_name": "Kel. Tlogomas",
        "name": "Kelurahan Tlogomas",
        "kind": "kelurahan",
        "unit_code": "7.01.0.00.0.00.05.0001",
        "parent": "Kec. Lowokwaru",
    },
    {
        "short_name": "Kel. Sawojajar",
        "name": "Kelurahan Sawojajar",
        "kind": "kelurahan",
        "unit_code": "7.01.0.00.0.00.01.0001",
        "parent": "Kec. Kedungkandang",
    },
    {
        "short_name": "Kel. Buring",
        "name": "Kelurahan Buring",
        "kind": "kelurahan",
        "unit_code": "7.01.0.00.0.00.01.0002",
        "parent": "Kec. Kedungkandang",
    },
    {
        "short_name": "Kel. Bandungrejosari",
        "name": "Kelurahan Bandungrejosari",
        "kind": "kelurahan",
        "unit_code": "7.01.0.00.0.00.02.0001",
        "parent": "Kec. Sukun",
    },
    {
        "short_name": "Kel. Tanjungrejo",
        "name": "Kelurahan Tanjungrejo",
        "kind": "kelurahan",
        "unit_code": "7.01.0.00.0.00.02.0002",
        "parent": "Kec. Sukun",
    },
    {
        "short_name": "Kel. Kauman",
        "name": "Kelurahan Kauman",
        "kind": "kelurahan",
        "unit_code": "7.01.0.00.0.00.03.0002",
        "parent": "Kec. Klojen",
    },
    {
        "short_name": "Kel. Kiduldalem",
        "name": "Kelurahan Kiduldalem",
        "kind": "kelurahan",
        "unit_code": "7.01.0.00.0.00.03.0003",
        "parent": "Kec. Klojen",
    },
    {
        "short_name": "Kel. Purwantoro",
        "name": "Kelurahan Purwantoro",
        "kind": "kelurahan",
        "unit_code": "7.01.0.00.0.00.04.0001",
        "parent": "Kec. Blimbing",
    },
    {
        "short_name": "Kel. Polowijen",
        "name": "Kelurahan Polowijen",
        "kind": "kelurahan",
        "unit_code": "7.01.0.00.0.00.04.0002",
        "parent": "Kec. Blimbing",
    },
    {
        "short_name": "Kel. Dinoyo",
        "name": "Kelurahan Dinoyo",
        "kind": "kelurahan",
        "unit_code": "7.01.0.00.0.00.05.0002",
        "parent": "Kec. Lowokwaru",
    },
    {
        "short_name": "Kel. Merjosari",
        "name": "Kelurahan Merjosari",
        "kind": "kelurahan",
        "unit_code": "7.01.0.00.0.00.05.0003",
        "parent": "Kec. Lowokwaru",
    },
]

# code, name, reusable identity document
DOCUMENT_TYPES = [
    ("ktp", "KTP-el pemohon", True),
    ("npwp", "NPWP", True),
    ("nib", "Nomor Induk Berusaha (NIB)", True),
    ("akta", "Akta pendirian badan usaha dan perubahannya", True),
    ("kk", "Kartu Keluarga", True),
    ("sk-badan-hukum", "SK pengesahan badan hukum dari kementerian yang membidangi hukum", True),
    ("pas-foto", "Pas foto berwarna 4×6", False),
    ("str", "Surat Tanda Registrasi (STR) yang masih berlaku", False),
    ("rekomendasi-op", "Rekomendasi organisasi profesi", False),
    ("surat-sehat", "Surat keterangan sehat dari dokter", False),
    ("denah-lokasi", "Denah lokasi", False),
    ("desain-reklame", "Gambar desain dan ukuran reklame", False),
    ("bukti-tanah", "Bukti penguasaan tanah atau izin pemilik lahan", False),
    (
        "surat-fasyankes",
        "Surat keterangan dari pimpinan fasilitas pelayanan kesehatan tempat praktik",
        False,
    ),
    ("bukti-kompetensi", "Bukti pemenuhan kecukupan Satuan Kredit Profesi (SKP)", False),
    ("sipa", "Surat Izin Praktik Apoteker (SIPA) apoteker penanggung jawab", False),
    ("denah-bangunan", "Denah bangunan dan tata letak ruang", False),
    ("daftar-sarana", "Daftar sarana dan prasarana", False),
    ("foto-lokasi", "Foto lokasi atau bangunan tampak depan", False),
    ("pbg-slf", "PBG/IMB dan Sertifikat Laik Fungsi (SLF) bangunan", False),
    ("kkpr", "KKPR/PKKPR atau keterangan rencana kota", False),
    ("persetujuan-lingkungan", "Persetujuan lingkungan (SPPL atau UKL-UPL)", False),
    ("andalalin", "Persetujuan hasil analisis dampak lalu lintas (Andalalin)", False),
    ("studi-kelayakan", "Studi kelayakan atau kajian sosial ekonomi", False),
    ("kemitraan-umkm", "Rencana kemitraan dengan usaha mikro, kecil, dan menengah", False),
    ("struktur-organisasi", "Susunan organisasi dan pengurus", False),
    ("ad-art", "Anggaran dasar dan anggaran rumah tangga (AD/ART)", False),
    ("surat-domisili", "Surat keterangan domisili sekretariat dari kelurahan", False),
    ("daftar-pendidik", "Daftar pendidik dan tenaga kependidikan beserta kualifikasinya", False),
    ("kurikulum", "Kurikulum dan program pembelajaran", False),
    ("data-peserta-didik", "Data calon peserta didik", False),
    ("stnk", "STNK kendaraan yang masih berlaku", False),
    ("bukti-uji", "Bukti lulus uji berkala kendaraan bermotor", False),
    ("surat-pernyataan", "Surat pernyataan bermeterai", False),
    ("denah-parkir", "Denah tempat parkir, satuan ruang parkir, dan sirkulasi kendaraan", False),
    ("izin-keramaian", "Izin keramaian atau surat pemberitahuan kegiatan dari Kepolisian", False),
    ("gambar-teknis", "Gambar teknis atau rencana tapak", False),
    ("surat-pengantar", "Surat pengantar dari perguruan tinggi atau lembaga", False),
    ("proposal-penelitian", "Proposal penelitian", False),
    ("surat-kematian", "Surat keterangan kematian dari kelurahan atau rumah sakit", False),
    ("sertifikat-penjamah", "Sertifikat kursus higiene sanitasi pangan bagi penjamah", False),
    ("hasil-lab", "Hasil uji laboratorium sampel pangan atau air", False),
]

COMPLAINT_CHANNEL = (
    "Pengaduan, saran, dan masukan disampaikan melalui SP4N-LAPOR! (lapor.go.id), "
    "loket pengaduan DPMPTSP, atau telepon (0341) 000000 (demo)."
)
DELEGATION_DECREE = (
    "Peraturan Wali Kota Malang tentang Pendelegasian Kewenangan Perizinan dan Nonperizinan "
    "kepada Kepala DPMPTSP (contoh)"
)
INTERNAL_STANDARD = {
    "facilities": (
        "Ruang tunggu, loket pelayanan, komputer dan jaringan, layanan daring Satu Pintu."
    ),
    "staff_competence": "Memahami peraturan perizinan terkait, mampu mengoperasikan Satu Pintu.",
    "internal_supervision": "Pengawasan oleh atasan langsung dan Inspektorat Daerah.",
    "staff_count": "Front office 4 orang, tim teknis sesuai instansi, penandatangan 1 orang.",
    "service_guarantee": "Pelayanan diberikan sesuai standar pelayanan ini (Maklumat Pelayanan).",
    "security_guarantee": "Dokumen pemohon disimpan aman dan hanya dibuka oleh petugas berwenang.",
    "performance_evaluation": "Evaluasi kinerja pelaksana dan Survei Kepuasan Masyarakat berkala.",
}

_FO = ("Pemeriksaan kelengkapan berkas", "DPMPTSP", "front_office", 1)
_SIGN = ("Persetujuan dan penandatanganan", "DPMPTSP", "signing_official", 1)
_SIGN_2 = ("Persetujuan dan penandatanganan", "DPMPTSP", "signing_official", 2)
_SIGN_3 = ("Persetujuan dan penandatanganan", "DPMPTSP", "signing_official", 3)

# Legal basis lines shared by several services.
_UU_KESEHATAN = "Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan"
_PP_KESEHATAN = (
    "Peraturan Pemerintah Nomor 28 Tahun 2024 tentang Peraturan Pelaksanaan "
    "Undang-Undang Nomor 17 Tahun 2023 tentang Kesehatan"
)
_PP_PBBR = (
    "Peraturan Pemerintah Nomor 28 Tahun 2025 tentang Penyelenggaraan Perizinan Berusaha "
    "Berbasis Risiko"
)
_PP_PB_DAERAH = (
    "Peraturan Pemerintah Nomor 6 Tahun 2021 tentang Penyelenggaraan Perizinan Berusaha di Daerah"
)
_UU_SISDIKNAS = "Undang-Undang Nomor 20 Tahun 2003 tentang Sistem Pendidikan Nasional"
_UU_LLAJ = "Undang-Undang Nomor 22 Tahun 2009 tentang Lalu Lintas dan Angkutan Jalan"
_UU_HKPD = (
    "Undang-Undang Nomor 1 Tahun 2022 tentang Hubungan Keuangan antara Pemerintah Pusat "
    "dan Pemerintahan Daerah"
)
_PERDA_RETRIBUSI = "Peraturan Daerah Kota Malang tentang Pajak Daerah dan Retribusi Daerah (contoh)"

# Form fields shared by the practice permits of health workers.
_NOMOR_STR = {"key": "nomor_str", "label": "Nomor STR", "kind": "text", "max_length": 30}
_ALAMAT_PRAKTIK = {"key": "alamat_praktik", "label": "Alamat tempat praktik", "kind": "long_text"}
_TEMPAT_KE = {
    "key": "tempat_ke",
    "label": "Tempat praktik ke",
    "kind": "choice",
    "choices": "1|Pertama\n2|Kedua\n3|Ketiga",
}
_KOORDINAT = {"key": "koordinat", "label": "Titik koordinat lokasi", "kind": "coordinates"}


def _sip_workflow(check: str) -> list[dict]:
    """Front office, then the Dinas Kesehatan's check, then the decision: 5 working days."""
    return [
        {"stage_name": "Pemeriksaan kelengkapan", "tasks": [_FO]},
        {
            "stage_name": "Verifikasi teknis",
            "tasks": [(check, "Dinkes", "technical_reviewer", 3)],
        },
        {"stage_name": "Keputusan", "tasks": [_SIGN]},
    ]


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
            "basis": (
                "Retribusi menurut Peraturan Daerah tentang Pajak dan Retribusi Daerah (contoh)"
            ),
        },
    },
    # Health: practice permits of health workers (free), pharmacy and food hygiene.
    {
        "code": "sip-bidan",
        "name": "Surat Izin Praktik Bidan (SIPB)",
        "category": "perizinan_non_berusaha",
        "sla_days": 5,
        "product": "Surat Izin Praktik Bidan",
        "validity_months": 60,
        "legal_basis": [
            _UU_KESEHATAN,
            _PP_KESEHATAN,
            "Peraturan Menteri Kesehatan Nomor 28 Tahun 2017 tentang Izin dan Penyelenggaraan "
            "Praktik Bidan",
        ],
        "requirements": [
            ("ktp", True, ""),
            ("str", True, "STR bidan"),
            ("surat-fasyankes", True, "Untuk praktik di fasilitas pelayanan kesehatan"),
            ("denah-lokasi", False, "Untuk tempat praktik mandiri bidan"),
            ("bukti-kompetensi", False, "Untuk perpanjangan SIPB"),
            ("pas-foto", True, "2 lembar"),
        ],
        "fields": [
            {
                "key": "jenis_tempat",
                "label": "Jenis tempat praktik",
                "kind": "choice",
                "choices": (
                    "fasyankes|Di fasilitas pelayanan kesehatan\n"
                    "mandiri|Tempat praktik mandiri bidan"
                ),
            },
            {"key": "nama_tempat", "label": "Nama tempat praktik", "kind": "text"},
            _ALAMAT_PRAKTIK,
            _NOMOR_STR,
            _TEMPAT_KE,
        ],
        "workflow": _sip_workflow("Verifikasi STR dan tempat praktik bidan"),
        "fee": {"kind": "free"},
    },
    {
        "code": "sip-perawat",
        "name": "Surat Izin Praktik Perawat (SIPP)",
        "category": "perizinan_non_berusaha",
        "sla_days": 5,
        "product": "Surat Izin Praktik Perawat",
        "validity_months": 60,
        "legal_basis": [
            _UU_KESEHATAN,
            _PP_KESEHATAN,
            "Peraturan Menteri Kesehatan Nomor 26 Tahun 2019 tentang Peraturan Pelaksanaan "
            "Undang-Undang Nomor 38 Tahun 2014 tentang Keperawatan",
        ],
        "requirements": [
            ("ktp", True, ""),
            ("str", True, "STR perawat"),
            ("surat-fasyankes", True, "Untuk praktik di fasilitas pelayanan kesehatan"),
            ("bukti-kompetensi", False, "Untuk perpanjangan SIPP"),
            ("pas-foto", True, "2 lembar"),
        ],
        "fields": [
            {
                "key": "jenis_tempat",
                "label": "Jenis tempat praktik",
                "kind": "choice",
                "choices": (
                    "rs|Rumah sakit\nklinik|Klinik\npuskesmas|Puskesmas\n"
                    "mandiri|Tempat praktik mandiri perawat"
                ),
            },
            {"key": "nama_tempat", "label": "Nama tempat praktik", "kind": "text"},
            _ALAMAT_PRAKTIK,
            _NOMOR_STR,
            _TEMPAT_KE,
        ],
        "workflow": _sip_workflow("Verifikasi STR dan tempat praktik perawat"),
        "fee": {"kind": "free"},
    },
    {
        "code": "sipa",
        "name": "Surat Izin Praktik Apoteker (SIPA)",
        "category": "perizinan_non_berusaha",
        "sla_days": 5,
        "product": "Surat Izin Praktik Apoteker",
        "validity_months": 60,
        "legal_basis": [
            _UU_KESEHATAN,
            _PP_KESEHATAN,
            "Peraturan Menteri Kesehatan Nomor 31 Tahun 2016 tentang Perubahan atas Peraturan "
            "Menteri Kesehatan Nomor 889/Menkes/Per/V/2011 tentang Registrasi, Izin Praktik, "
            "dan Izin Kerja Tenaga Kefarmasian",
        ],
        "requirements": [
            ("ktp", True, ""),
            ("str", True, "STR apoteker"),
            ("surat-fasyankes", True, "Dari pimpinan sarana kefarmasian"),
            ("bukti-kompetensi", False, "Untuk perpanjangan SIPA"),
            ("pas-foto", True, "2 lembar"),
        ],
        "fields": [
            {
                "key": "jenis_sarana",
                "label": "Jenis sarana kefarmasian",
                "kind": "choice",
                "choices": (
                    "apotek|Apotek\nifrs|Instalasi farmasi rumah sakit\n"
                    "puskesmas|Puskesmas\nklinik|Klinik"
                ),
            },
            {"key": "nama_sarana", "label": "Nama sarana kefarmasian", "kind": "text"},
            _ALAMAT_PRAKTIK,
            _NOMOR_STR,
            _TEMPAT_KE,
        ],
        "workflow": _sip_workflow("Verifikasi STR dan sarana kefarmasian"),
        "fee": {"kind": "free"},
    },
    {
        "code": "sip-fisioterapis",
        "name": "Surat Izin Praktik Fisioterapis (SIPF)",
        "category": "perizinan_non_berusaha",
        "sla_days": 5,
        "product": "Surat Izin Praktik Fisioterapis",
        "validity_months": 60,
        "legal_basis": [
            _UU_KESEHATAN,
            _PP_KESEHATAN,
            "Peraturan Menteri Kesehatan tentang Izin dan Penyelenggaraan Praktik Fisioterapis",
        ],
        "requirements": [
            ("ktp", True, ""),
            ("str", True, "STR fisioterapis"),
            ("surat-fasyankes", True, "Untuk praktik di fasilitas pelayanan kesehatan"),
            ("denah-lokasi", False, "Untuk tempat praktik mandiri fisioterapis"),
            ("pas-foto", True, "2 lembar"),
        ],
        "fields": [
            {
                "key": "jenis_tempat",
                "label": "Jenis tempat praktik",
                "kind": "choice",
                "choices": (
                    "fasyankes|Di fasilitas pelayanan kesehatan\n"
                    "mandiri|Tempat praktik mandiri fisioterapis"
                ),
            },
            {"key": "nama_tempat", "label": "Nama tempat praktik", "kind": "text"},
            _ALAMAT_PRAKTIK,
            _NOMOR_STR,
            _TEMPAT_KE,
        ],
        "workflow": _sip_workflow("Verifikasi STR dan tempat praktik fisioterapis"),
        "fee": {"kind": "free"},
    },
    {
        "code": "izin-apotek",
        "name": "Surat Izin Apotek (SIA)",
        "category": "perizinan_berusaha",
        "sla_days": 12,
        "product": "Surat Izin Apotek",
        "validity_months": 60,
        "procedure": (
            "Pemohon mendaftar di OSS, lalu mengunggah persyaratan di Satu Pintu. "
            "Tim Dinas Kesehatan melakukan visitasi ke apotek dan membuat berita acara."
        ),
        "legal_basis": [
            _UU_KESEHATAN,
            _PP_KESEHATAN,
            _PP_PBBR,
            "Peraturan Menteri Kesehatan Nomor 9 Tahun 2017 tentang Apotek",
            "Peraturan Menteri Kesehatan Nomor 73 Tahun 2016 tentang Standar Pelayanan "
            "Kefarmasian di Apotek",
        ],
        "requirements": [
            ("ktp", True, "KTP pemilik dan apoteker penanggung jawab"),
            ("nib", True, ""),
            ("npwp", True, ""),
            ("sipa", True, ""),
            ("bukti-tanah", True, "Sertifikat atau perjanjian sewa"),
            ("denah-bangunan", True, ""),
            ("daftar-sarana", True, "Termasuk daftar tenaga teknis kefarmasian"),
            ("foto-lokasi", True, ""),
        ],
        "fields": [
            {"key": "nama_apotek", "label": "Nama apotek", "kind": "text"},
            {"key": "apoteker_pj", "label": "Nama apoteker penanggung jawab", "kind": "text"},
            {"key": "nomor_sipa", "label": "Nomor SIPA", "kind": "text", "max_length": 60},
            {"key": "alamat_apotek", "label": "Alamat apotek", "kind": "long_text"},
            {
                "key": "luas_bangunan",
                "label": "Luas bangunan apotek",
                "kind": "area_m2",
                "min_value": 1,
            },
            {
                "key": "status_bangunan",
                "label": "Status bangunan",
                "kind": "choice",
                "choices": "milik|Milik sendiri\nsewa|Sewa atau kontrak",
            },
            _KOORDINAT,
        ],
        "workflow": [
            {"stage_name": "Pemeriksaan kelengkapan", "tasks": [_FO]},
            {
                "stage_name": "Verifikasi dan visitasi",
                "tasks": [
                    ("Verifikasi dokumen apotek", "Dinkes", "technical_reviewer", 4),
                    ("Visitasi apotek dan berita acara", "Dinkes", "inspector", 6),
                ],
            },
            {
                "stage_name": "Rekomendasi teknis",
                "tasks": [("Rekomendasi Dinas Kesehatan", "Dinkes", "technical_reviewer", 3)],
            },
            {"stage_name": "Keputusan", "tasks": [_SIGN_2]},
        ],
        "fee": {"kind": "free"},
    },
    {
        "code": "slhs",
        "name": "Sertifikat Laik Higiene Sanitasi (SLHS)",
        "category": "perizinan_berusaha",
        "sla_days": 10,
        "product": "Sertifikat Laik Higiene Sanitasi",
        "validity_months": 36,
        "legal_basis": [
            _UU_KESEHATAN,
            _PP_KESEHATAN,
            _PP_PBBR,
            "Peraturan Menteri Kesehatan Nomor 1096/Menkes/Per/VI/2011 tentang Higiene "
            "Sanitasi Jasaboga",
            _UU_HKPD,
            _PERDA_RETRIBUSI,
        ],
        "requirements": [
            ("ktp", True, ""),
            ("nib", True, ""),
            ("denah-bangunan", True, "Denah dapur dan ruang pengolahan"),
            ("sertifikat-penjamah", True, "Paling sedikit satu penjamah pangan"),
            ("surat-sehat", True, "Bagi penjamah pangan"),
            ("hasil-lab", False, "Jika sudah diuji; bila belum, sampel diambil saat inspeksi"),
        ],
        "fields": [
            {"key": "nama_usaha", "label": "Nama usaha", "kind": "text"},
            {
                "key": "jenis_usaha",
                "label": "Jenis usaha",
                "kind": "choice",
                "choices": (
                    "jasaboga_a|Jasa boga golongan A\njasaboga_b|Jasa boga golongan B\n"
                    "restoran|Restoran atau rumah makan\ndepot|Depot air minum\n"
                    "gerai|Gerai pangan jajanan atau kantin"
                ),
            },
            {
                "key": "jumlah_penjamah",
                "label": "Jumlah penjamah pangan",
                "kind": "number",
                "min_value": 1,
            },
            {"key": "alamat_usaha", "label": "Alamat tempat usaha", "kind": "long_text"},
            _KOORDINAT,
        ],
        "workflow": [
            {"stage_name": "Pemeriksaan kelengkapan", "tasks": [_FO]},
            {
                "stage_name": "Inspeksi kesehatan lingkungan",
                "tasks": [
                    ("Telaah dokumen higiene sanitasi", "Dinkes", "technical_reviewer", 3),
                    ("Inspeksi dan pengambilan sampel", "Dinkes", "inspector", 5),
                ],
            },
            {
                "stage_name": "Rekomendasi teknis",
                "tasks": [("Rekomendasi laik higiene sanitasi", "Dinkes", "technical_reviewer", 2)],
            },
            {"stage_name": "Keputusan", "tasks": [_SIGN_2]},
        ],
        "fee": {
            "kind": "flat",
            "amount": 300000,
            "basis": (
                "Retribusi pelayanan kesehatan (uji laboratorium), Perda Pajak Daerah dan "
                "Retribusi Daerah (contoh)"
            ),
        },
    },
    # Education: operating permits of private schools (free).
    {
        "code": "izin-operasional-paud",
        "name": "Izin Operasional Satuan Pendidikan Anak Usia Dini (PAUD)",
        "category": "perizinan_non_berusaha",
        "sla_days": 10,
        "product": "Keputusan Izin Operasional Satuan PAUD",
        "validity_months": 60,
        "legal_basis": [
            _UU_SISDIKNAS,
            "Peraturan Pemerintah Nomor 57 Tahun 2021 tentang Standar Nasional Pendidikan",
            "Peraturan Menteri Pendidikan dan Kebudayaan Nomor 84 Tahun 2014 tentang Pendirian "
            "Satuan Pendidikan Anak Usia Dini",
        ],
        "requirements": [
            ("ktp", True, "KTP ketua penyelenggara"),
            ("akta", True, "Akta pendirian yayasan atau lembaga penyelenggara"),
            ("sk-badan-hukum", True, "Untuk penyelenggara berbadan hukum"),
            ("struktur-organisasi", True, ""),
            ("bukti-tanah", True, ""),
            ("denah-bangunan", True, ""),
            ("daftar-sarana", True, "Termasuk alat permainan edukatif"),
            ("daftar-pendidik", True, ""),
            ("data-peserta-didik", True, ""),
            ("kurikulum", True, ""),
        ],
        "fields": [
            {"key": "nama_lembaga", "label": "Nama satuan PAUD", "kind": "text"},
            {
                "key": "jenis_paud",
                "label": "Jenis satuan PAUD",
                "kind": "choice",
                "choices": (
                    "tk|Taman Kanak-kanak (TK)\nkb|Kelompok Bermain (KB)\n"
                    "tpa|Taman Penitipan Anak (TPA)\nsps|Satuan PAUD Sejenis (SPS)"
                ),
            },
            {"key": "penyelenggara", "label": "Nama yayasan atau penyelenggara", "kind": "text"},
            {"key": "alamat_lembaga", "label": "Alamat satuan PAUD", "kind": "long_text"},
            {
                "key": "jumlah_peserta",
                "label": "Jumlah peserta didik",
                "kind": "number",
                "min_value": 1,
            },
            _KOORDINAT,
        ],
        "workflow": [
            {"stage_name": "Pemeriksaan kelengkapan", "tasks": [_FO]},
            {
                "stage_name": "Verifikasi administrasi dan lapangan",
                "tasks": [
                    ("Verifikasi dokumen kelayakan", "Disdikbud", "technical_reviewer", 4),
                    ("Peninjauan lapangan dan berita acara", "Disdikbud", "inspector", 5),
                ],
            },
            {
                "stage_name": "Rekomendasi teknis",
                "tasks": [("Rekomendasi Dinas Pendidikan", "Disdikbud", "technical_reviewer", 2)],
            },
            {"stage_name": "Keputusan", "tasks": [_SIGN_2]},
        ],
        "fee": {"kind": "free"},
    },
    {
        "code": "izin-operasional-sd-smp",
        "name": "Izin Operasional Sekolah Dasar dan Sekolah Menengah Pertama Swasta",
        "category": "perizinan_non_berusaha",
        "sla_days": 14,
        "product": "Keputusan Izin Operasional Satuan Pendidikan Dasar",
        "validity_months": None,
        "legal_basis": [
            _UU_SISDIKNAS,
            "Peraturan Pemerintah Nomor 17 Tahun 2010 tentang Pengelolaan dan Penyelenggaraan "
            "Pendidikan",
            "Peraturan Menteri Pendidikan dan Kebudayaan Nomor 36 Tahun 2014 tentang Pedoman "
            "Pendirian, Perubahan, dan Penutupan Satuan Pendidikan Dasar dan Menengah",
        ],
        "requirements": [
            ("ktp", True, "KTP ketua yayasan"),
            ("akta", True, "Akta pendirian yayasan"),
            ("sk-badan-hukum", True, ""),
            ("studi-kelayakan", True, "Termasuk analisis calon peserta didik"),
            ("bukti-tanah", True, ""),
            ("pbg-slf", True, ""),
            ("denah-bangunan", True, ""),
            ("daftar-sarana", True, ""),
            ("daftar-pendidik", True, ""),
            ("kurikulum", True, ""),
            ("struktur-organisasi", True, ""),
        ],
        "fields": [
            {"key": "nama_sekolah", "label": "Nama sekolah", "kind": "text"},
            {
                "key": "jenjang",
                "label": "Jenjang",
                "kind": "choice",
                "choices": "sd|Sekolah Dasar (SD)\nsmp|Sekolah Menengah Pertama (SMP)",
            },
            {"key": "penyelenggara", "label": "Nama yayasan penyelenggara", "kind": "text"},
            {"key": "alamat_sekolah", "label": "Alamat sekolah", "kind": "long_text"},
            {"key": "luas_lahan", "label": "Luas lahan", "kind": "area_m2", "min_value": 1},
            {
                "key": "jumlah_rombel",
                "label": "Jumlah rombongan belajar",
                "kind": "number",
                "min_value": 1,
                "max_value": 60,
            },
            _KOORDINAT,
        ],
        "workflow": [
            {"stage_name": "Pemeriksaan kelengkapan", "tasks": [_FO]},
            {
                "stage_name": "Verifikasi administrasi dan lapangan",
                "tasks": [
                    ("Verifikasi studi kelayakan", "Disdikbud", "technical_reviewer", 5),
                    ("Peninjauan lapangan dan berita acara", "Disdikbud", "inspector", 7),
                    ("Kesesuaian tata ruang lokasi", "DPUPRPKP", "technical_reviewer", 5),
                ],
            },
            {
                "stage_name": "Rekomendasi teknis",
                "tasks": [("Rekomendasi Dinas Pendidikan", "Disdikbud", "technical_reviewer", 3)],
            },
            {"stage_name": "Keputusan", "tasks": [_SIGN_3]},
        ],
        "fee": {"kind": "free"},
    },
    # Trade, transport and tourism.
    {
        "code": "izin-toko-swalayan",
        "name": "Izin Usaha Toko Swalayan (IUTS)",
        "category": "perizinan_berusaha",
        "sla_days": 10,
        "product": "Izin Usaha Toko Swalayan",
        "validity_months": None,
        "legal_basis": [
            "Undang-Undang Nomor 7 Tahun 2014 tentang Perdagangan",
            _PP_PBBR,
            _PP_PB_DAERAH,
            "Peraturan Pemerintah Nomor 29 Tahun 2021 tentang Penyelenggaraan Bidang Perdagangan",
            "Peraturan Presiden Nomor 112 Tahun 2007 tentang Penataan dan Pembinaan Pasar "
            "Tradisional, Pusat Perbelanjaan dan Toko Modern",
            "Peraturan Menteri Perdagangan Nomor 23 Tahun 2021 tentang Pedoman Pengembangan, "
            "Penataan, dan Pembinaan Pusat Perbelanjaan dan Toko Swalayan",
            "Peraturan Daerah Kota Malang tentang Penataan Pasar Rakyat, Pusat Perbelanjaan "
            "dan Toko Swalayan (contoh)",
        ],
        "requirements": [
            ("ktp", True, ""),
            ("nib", True, ""),
            ("npwp", True, ""),
            ("akta", True, "Untuk badan usaha"),
            ("kkpr", True, ""),
            ("pbg-slf", True, ""),
            ("persetujuan-lingkungan", True, ""),
            ("studi-kelayakan", True, "Kajian sosial ekonomi terhadap pasar rakyat dan UMKM"),
            ("kemitraan-umkm", True, ""),
            ("denah-lokasi", True, "Dengan jarak ke pasar rakyat terdekat"),
        ],
        "fields": [
            {"key": "nama_toko", "label": "Nama toko swalayan", "kind": "text"},
            {
                "key": "jenis_toko",
                "label": "Jenis toko swalayan",
                "kind": "choice",
                "choices": (
                    "minimarket|Minimarket\nsupermarket|Supermarket\n"
                    "hypermarket|Hypermarket\nspesialis|Toko khusus atau spesialis"
                ),
            },
            {
                "key": "pola_usaha",
                "label": "Pola usaha",
                "kind": "choice",
                "choices": "mandiri|Dikelola sendiri\nwaralaba|Waralaba\ncabang|Cabang jaringan",
            },
            {
                "key": "luas_lantai",
                "label": "Luas lantai penjualan",
                "kind": "area_m2",
                "min_value": 1,
            },
            {
                "key": "jarak_pasar",
                "label": "Jarak ke pasar rakyat terdekat (meter)",
                "kind": "number",
                "min_value": 0,
            },
            {"key": "alamat_toko", "label": "Alamat toko", "kind": "long_text"},
            _KOORDINAT,
        ],
        "workflow": [
            {"stage_name": "Pemeriksaan kelengkapan", "tasks": [_FO]},
            {
                "stage_name": "Kajian teknis",
                "tasks": [
                    ("Kajian sosial ekonomi dan kemitraan", "Diskopindag", "technical_reviewer", 5),
                    ("Peninjauan lokasi", "Diskopindag", "inspector", 5),
                    ("Kesesuaian tata ruang", "DPUPRPKP", "technical_reviewer", 4),
                ],
            },
            {
                "stage_name": "Rekomendasi teknis",
                "tasks": [("Rekomendasi Diskopindag", "Diskopindag", "technical_reviewer", 2)],
            },
            {"stage_name": "Keputusan", "tasks": [_SIGN_2]},
        ],
        "fee": {"kind": "free"},
    },
    {
        "code": "izin-trayek",
        "name": "Izin Penyelenggaraan Angkutan Orang dalam Trayek Angkutan Kota",
        "category": "perizinan_berusaha",
        "sla_days": 7,
        "product": "Izin Trayek Angkutan Kota beserta Kartu Pengawasan",
        "validity_months": 60,
        "legal_basis": [
            _UU_LLAJ,
            "Peraturan Pemerintah Nomor 74 Tahun 2014 tentang Angkutan Jalan",
            _PP_PBBR,
            "Peraturan Menteri Perhubungan Nomor PM 15 Tahun 2019 tentang Penyelenggaraan "
            "Angkutan Orang dengan Kendaraan Bermotor Umum dalam Trayek",
        ],
        "requirements": [
            ("ktp", True, "KTP pengurus"),
            ("nib", True, ""),
            ("akta", True, "Badan hukum berbentuk PT, koperasi, atau BUMD"),
            ("stnk", True, "Atas nama badan hukum pemohon"),
            ("bukti-uji", True, "Untuk setiap kendaraan"),
            ("surat-pernyataan", True, "Kesanggupan menyediakan pool dan fasilitas perawatan"),
        ],
        "fields": [
            {
                "key": "jenis_permohonan",
                "label": "Jenis permohonan",
                "kind": "choice",
                "choices": "baru|Baru\nperpanjangan|Perpanjangan\npenambahan|Penambahan armada",
            },
            {
                "key": "kode_trayek",
                "label": "Trayek",
                "kind": "choice",
                "choices": (
                    "al|AL Arjosari – Landungsari\nadl|ADL Arjosari – Dinoyo – Landungsari\n"
                    "ag|AG Arjosari – Gadang\ngl|GL Gadang – Landungsari\n"
                    "mm|MM Madyopuro – Mulyorejo\nlain|Trayek lain (tulis di keterangan)"
                ),
            },
            {
                "key": "jumlah_kendaraan",
                "label": "Jumlah kendaraan",
                "kind": "number",
                "min_value": 1,
                "max_value": 50,
            },
            {
                "key": "nomor_kendaraan",
                "label": "Nomor kendaraan (satu per baris)",
                "kind": "long_text",
            },
            {
                "key": "keterangan",
                "label": "Keterangan",
                "kind": "long_text",
                "required": False,
            },
        ],
        "workflow": [
            {"stage_name": "Pemeriksaan kelengkapan", "tasks": [_FO]},
            {
                "stage_name": "Verifikasi teknis",
                "tasks": [
                    ("Evaluasi kebutuhan trayek dan armada", "Dishub", "technical_reviewer", 3),
                    ("Pemeriksaan fisik kendaraan dan pool", "Dishub", "inspector", 4),
                ],
            },
            {
                "stage_name": "Rekomendasi teknis",
                "tasks": [("Rekomendasi Dinas Perhubungan", "Dishub", "technical_reviewer", 1)],
            },
            {"stage_name": "Keputusan", "tasks": [_SIGN]},
        ],
        "fee": {"kind": "free"},
    },
    {
        "code": "izin-tempat-khusus-parkir",
        "name": "Izin Penyelenggaraan Tempat Khusus Parkir",
        "category": "perizinan_berusaha",
        "sla_days": 7,
        "product": "Izin Penyelenggaraan Tempat Khusus Parkir",
        "validity_months": 36,
        "procedure": (
            "Izin ini tidak dipungut retribusi; pendapatan parkir dikenai pajak daerah "
            "sesuai Perda (contoh)."
        ),
        "legal_basis": [
            _UU_LLAJ,
            "Peraturan Pemerintah Nomor 79 Tahun 2013 tentang Jaringan Lalu Lintas dan "
            "Angkutan Jalan",
            "Peraturan Daerah Kota Malang tentang Penyelenggaraan Perparkiran (contoh)",
        ],
        "requirements": [
            ("ktp", True, ""),
            ("nib", True, ""),
            ("bukti-tanah", True, ""),
            ("denah-parkir", True, ""),
            ("pbg-slf", False, "Untuk gedung parkir"),
            ("andalalin", False, "Jika diwajibkan menurut bangkitan lalu lintas"),
        ],
        "fields": [
            {"key": "nama_lokasi", "label": "Nama lokasi parkir", "kind": "text"},
            {
                "key": "jenis_tempat",
                "label": "Jenis tempat parkir",
                "kind": "choice",
                "choices": "gedung|Gedung parkir\npelataran|Pelataran parkir",
            },
            {"key": "luas_m2", "label": "Luas tempat parkir", "kind": "area_m2", "min_value": 1},
            {
                "key": "kapasitas_roda_dua",
                "label": "Kapasitas sepeda motor (SRP)",
                "kind": "number",
                "min_value": 0,
            },
            {
                "key": "kapasitas_roda_empat",
                "label": "Kapasitas mobil (SRP)",
                "kind": "number",
                "min_value": 0,
            },
            {"key": "alamat_lokasi", "label": "Alamat lokasi", "kind": "long_text"},
            _KOORDINAT,
        ],
        "workflow": [
            {"stage_name": "Pemeriksaan kelengkapan", "tasks": [_FO]},
            {
                "stage_name": "Kajian teknis",
                "tasks": [
                    ("Kajian sirkulasi dan kapasitas parkir", "Dishub", "technical_reviewer", 4),
                    ("Peninjauan lokasi parkir", "Dishub", "inspector", 4),
                    ("Kesesuaian tata ruang dan bangunan", "DPUPRPKP", "technical_reviewer", 3),
                ],
            },
            {"stage_name": "Keputusan", "tasks": [_SIGN_2]},
        ],
        "fee": {"kind": "free"},
    },
    {
        "code": "izin-parkir-insidentil",
        "name": "Izin Penyelenggaraan Parkir Insidentil di Tepi Jalan Umum",
        "category": "perizinan_non_berusaha",
        "sla_days": 3,
        "product": "Izin Penyelenggaraan Parkir Insidentil",
        "validity_months": None,
        "procedure": (
            "Diajukan paling lambat 5 hari kerja sebelum kegiatan; berlaku selama kegiatan."
        ),
        "legal_basis": [
            _UU_LLAJ,
            _UU_HKPD,
            "Peraturan Daerah Kota Malang tentang Penyelenggaraan Perparkiran (contoh)",
            _PERDA_RETRIBUSI,
        ],
        "requirements": [
            ("ktp", True, "KTP penanggung jawab kegiatan"),
            ("izin-keramaian", True, ""),
            ("denah-parkir", True, ""),
            ("surat-pernyataan", True, "Kesanggupan menjaga ketertiban dan kebersihan"),
        ],
        "fields": [
            {"key": "nama_kegiatan", "label": "Nama kegiatan", "kind": "text"},
            {"key": "lokasi", "label": "Ruas jalan yang digunakan", "kind": "long_text"},
            {"key": "tanggal_mulai", "label": "Tanggal mulai kegiatan", "kind": "date"},
            {
                "key": "lama_hari",
                "label": "Lama kegiatan (hari)",
                "kind": "number",
                "min_value": 1,
                "max_value": 14,
            },
            {
                "key": "zona",
                "label": "Zona parkir",
                "kind": "choice",
                "choices": (
                    "a|Zona A (pusat kota dan kawasan perdagangan)\n"
                    "b|Zona B (kawasan permukiman padat)\nc|Zona C (kawasan lainnya)"
                ),
            },
            {
                "key": "srp_roda_dua",
                "label": "Satuan ruang parkir sepeda motor",
                "kind": "number",
                "min_value": 0,
                "max_value": 2000,
            },
            {
                "key": "srp_roda_empat",
                "label": "Satuan ruang parkir mobil",
                "kind": "number",
                "min_value": 0,
                "max_value": 500,
            },
            _KOORDINAT,
        ],
        "workflow": [
            {"stage_name": "Pemeriksaan kelengkapan", "tasks": [_FO]},
            {
                "stage_name": "Kajian teknis",
                "tasks": [("Kajian lalu lintas dan ruas jalan", "Dishub", "technical_reviewer", 1)],
            },
            {"stage_name": "Keputusan", "tasks": [_SIGN]},
        ],
        "fee": {
            "kind": "formula",
            "formula": (
                "lama_hari * (srp_roda_dua * tarif_roda_dua[zona] "
                "+ srp_roda_empat * tarif_roda_empat[zona])"
            ),
            "tables": {
                "tarif_roda_dua": {"a": 3000, "b": 2000, "c": 1000},
                "tarif_roda_empat": {"a": 5000, "b": 4000, "c": 3000},
            },
            "labels": {
                "tarif_roda_dua": "Tarif per SRP sepeda motor per hari menurut zona",
                "tarif_roda_empat": "Tarif per SRP mobil per hari menurut zona",
            },
            "basis": (
                "Retribusi pelayanan parkir di tepi jalan umum, Perda Pajak Daerah dan "
                "Retribusi Daerah (contoh)"
            ),
        },
    },
    {
        "code": "tdup",
        "name": "Tanda Daftar Usaha Pariwisata (TDUP)",
        "category": "perizinan_berusaha",
        "sla_days": 5,
        "product": "Tanda Daftar Usaha Pariwisata",
        "validity_months": None,
        "legal_basis": [
            "Undang-Undang Nomor 10 Tahun 2009 tentang Kepariwisataan",
            _PP_PBBR,
            "Peraturan Menteri Pariwisata Nomor 18 Tahun 2016 tentang Pendaftaran Usaha Pariwisata",
        ],
        "requirements": [
            ("ktp", True, ""),
            ("nib", True, ""),
            ("npwp", True, ""),
            ("akta", False, "Untuk badan usaha"),
            ("persetujuan-lingkungan", True, ""),
            ("foto-lokasi", True, ""),
        ],
        "fields": [
            {"key": "nama_usaha", "label": "Nama usaha pariwisata", "kind": "text"},
            {
                "key": "jenis_usaha",
                "label": "Jenis usaha pariwisata",
                "kind": "choice",
                "choices": (
                    "akomodasi|Penyediaan akomodasi (hotel, pondok wisata)\n"
                    "makan_minum|Jasa makanan dan minuman\n"
                    "hiburan|Penyelenggaraan kegiatan hiburan dan rekreasi\n"
                    "perjalanan|Jasa perjalanan wisata\n"
                    "mice|Penyelenggaraan pertemuan, perjalanan insentif, konferensi, "
                    "dan pameran"
                ),
            },
            {
                "key": "jumlah_tenaga_kerja",
                "label": "Jumlah tenaga kerja",
                "kind": "number",
                "min_value": 1,
            },
            {"key": "alamat_usaha", "label": "Alamat usaha", "kind": "long_text"},
            _KOORDINAT,
        ],
        "workflow": [
            {"stage_name": "Pemeriksaan kelengkapan", "tasks": [_FO]},
            {
                "stage_name": "Verifikasi teknis",
                "tasks": [
                    ("Verifikasi dokumen usaha pariwisata", "Disporapar", "technical_reviewer", 2),
                    ("Pemeriksaan tempat usaha", "Disporapar", "inspector", 3),
                ],
            },
            {"stage_name": "Keputusan", "tasks": [_SIGN]},
        ],
        "fee": {"kind": "free"},
    },
    # Space, roads and public land.
    {
        "code": "pkkpr-non-berusaha",
        "name": "Persetujuan Kesesuaian Kegiatan Pemanfaatan Ruang (PKKPR) Non-Berusaha",
        "category": "perizinan_non_berusaha",
        "sla_days": 20,
        "product": "Persetujuan Kesesuaian Kegiatan Pemanfaatan Ruang untuk kegiatan non-berusaha",
        "validity_months": 36,
        "procedure": (
            "Permohonan dibahas dalam Forum Penataan Ruang Kota Malang sebelum rekomendasi "
            "teknis diterbitkan."
        ),
        "legal_basis": [
            "Undang-Undang Nomor 26 Tahun 2007 tentang Penataan Ruang",
            "Peraturan Pemerintah Nomor 21 Tahun 2021 tentang Penyelenggaraan Penataan Ruang",
            "Peraturan Menteri Agraria dan Tata Ruang/Kepala Badan Pertanahan Nasional Nomor 13 "
            "Tahun 2021 tentang Pelaksanaan Kesesuaian Kegiatan Pemanfaatan Ruang dan "
            "Sinkronisasi Program Pemanfaatan Ruang",
            "Peraturan Daerah Kota Malang tentang Rencana Tata Ruang Wilayah (contoh)",
        ],
        "requirements": [
            ("ktp", True, ""),
            ("akta", False, "Untuk yayasan atau lembaga"),
            ("bukti-tanah", True, ""),
            ("denah-lokasi", True, "Dengan koordinat batas bidang tanah"),
            ("gambar-teknis", True, "Rencana tapak dan rencana kegiatan"),
        ],
        "fields": [
            {"key": "nama_kegiatan", "label": "Nama kegiatan", "kind": "text"},
            {
                "key": "jenis_kegiatan",
                "label": "Jenis kegiatan",
                "kind": "choice",
                "choices": (
                    "hunian|Hunian (rumah tinggal)\nibadah|Tempat ibadah\n"
                    "pendidikan|Fasilitas pendidikan\nsosial|Fasilitas sosial dan budaya\n"
                    "kesehatan|Fasilitas kesehatan nonkomersial"
                ),
            },
            {"key": "luas_tanah", "label": "Luas tanah", "kind": "area_m2", "min_value": 1},
            {
                "key": "jumlah_lantai",
                "label": "Rencana jumlah lantai",
                "kind": "number",
                "min_value": 1,
                "max_value": 40,
            },
            {"key": "alamat_lokasi", "label": "Alamat lokasi", "kind": "long_text"},
            _KOORDINAT,
        ],
        "workflow": [
            {"stage_name": "Pemeriksaan kelengkapan", "tasks": [_FO]},
            {
                "stage_name": "Kajian dan peninjauan lokasi",
                "tasks": [
                    ("Kajian kesesuaian dengan RTRW dan RDTR", "DPUPRPKP", "technical_reviewer", 7),
                    ("Peninjauan lokasi dan berita acara", "DPUPRPKP", "inspector", 7),
                ],
            },
            {
                "stage_name": "Pembahasan Forum Penataan Ruang",
                "tasks": [
                    ("Pembahasan teknis tata ruang", "DPUPRPKP", "technical_reviewer", 5),
                    ("Telaah perencanaan pembangunan", "Barenlitbangda", "technical_reviewer", 5),
                ],
            },
            {
                "stage_name": "Rekomendasi teknis",
                "tasks": [("Rekomendasi tata ruang", "DPUPRPKP", "technical_reviewer", 4)],
            },
            {"stage_name": "Keputusan", "tasks": [_SIGN_3]},
        ],
        "fee": {"kind": "free"},
    },
    {
        "code": "izin-rumija",
        "name": "Izin Pemanfaatan Ruang Milik Jalan",
        "category": "perizinan_non_berusaha",
        "sla_days": 8,
        "product": "Izin Pemanfaatan Ruang Milik Jalan Kota",
        "validity_months": 12,
        "legal_basis": [
            "Undang-Undang Nomor 38 Tahun 2004 tentang Jalan sebagaimana telah diubah dengan "
            "Undang-Undang Nomor 2 Tahun 2022",
            "Peraturan Pemerintah Nomor 34 Tahun 2006 tentang Jalan",
            "Peraturan Menteri Pekerjaan Umum Nomor 20/PRT/M/2010 tentang Pedoman Pemanfaatan "
            "dan Penggunaan Bagian-Bagian Jalan",
            _UU_HKPD,
            _PERDA_RETRIBUSI,
        ],
        "requirements": [
            ("ktp", True, ""),
            ("nib", False, "Untuk badan usaha"),
            ("gambar-teknis", True, "Gambar penampang dan konstruksi"),
            ("denah-lokasi", True, ""),
            ("surat-pernyataan", True, "Kesanggupan memulihkan kondisi jalan dan trotoar"),
        ],
        "fields": [
            {
                "key": "jenis_pemanfaatan",
                "label": "Jenis pemanfaatan",
                "kind": "choice",
                "choices": (
                    "utilitas|Jaringan utilitas (kabel, pipa)\n"
                    "akses|Jembatan atau akses masuk persil\n"
                    "lainnya|Bangunan pelengkap lainnya"
                ),
            },
            {"key": "nama_jalan", "label": "Nama ruas jalan", "kind": "text"},
            {
                "key": "kelas_jalan",
                "label": "Fungsi jalan",
                "kind": "choice",
                "choices": (
                    "arteri|Arteri sekunder\nkolektor|Kolektor sekunder\n"
                    "lokal|Lokal sekunder\nlingkungan|Lingkungan"
                ),
            },
            {
                "key": "luas_m2",
                "label": "Luas yang dimanfaatkan",
                "kind": "area_m2",
                "min_value": 1,
            },
            {
                "key": "lama_bulan",
                "label": "Lama pemanfaatan (bulan)",
                "kind": "number",
                "min_value": 1,
                "max_value": 12,
            },
            _KOORDINAT,
        ],
        "workflow": [
            {"stage_name": "Pemeriksaan kelengkapan", "tasks": [_FO]},
            {
                "stage_name": "Kajian teknis",
                "tasks": [
                    ("Kajian konstruksi dan bagian jalan", "DPUPRPKP", "technical_reviewer", 5),
                    ("Peninjauan lokasi", "DPUPRPKP", "inspector", 5),
                    ("Kajian dampak lalu lintas", "Dishub", "technical_reviewer", 3),
                ],
            },
            {"stage_name": "Keputusan", "tasks": [_SIGN_2]},
        ],
        "fee": {
            "kind": "formula",
            "formula": "luas_m2 * lama_bulan * tarif_fungsi_jalan[kelas_jalan]",
            "tables": {
                "tarif_fungsi_jalan": {
                    "arteri": 5000,
                    "kolektor": 3500,
                    "lokal": 2000,
                    "lingkungan": 1000,
                }
            },
            "labels": {"tarif_fungsi_jalan": "Tarif per m² per bulan menurut fungsi jalan"},
            "basis": (
                "Retribusi pemanfaatan aset daerah, Perda Pajak Daerah dan Retribusi "
                "Daerah (contoh)"
            ),
        },
    },
    {
        "code": "izin-tanah-makam",
        "name": "Izin Penggunaan Tanah Makam",
        "category": "perizinan_non_berusaha",
        "sla_days": 3,
        "product": "Izin Penggunaan Tanah Makam",
        "validity_months": 36,
        "procedure": (
            "Pemakaman dapat dilaksanakan lebih dahulu dengan surat pengantar pengelola TPU; "
            "izin diajukan paling lambat 7 hari setelah pemakaman dan dapat diperpanjang."
        ),
        "legal_basis": [
            "Peraturan Pemerintah Nomor 9 Tahun 1987 tentang Penyediaan dan Penggunaan Tanah "
            "untuk Keperluan Tempat Pemakaman",
            _UU_HKPD,
            "Peraturan Daerah Kota Malang tentang Penyelenggaraan Pemakaman (contoh)",
            _PERDA_RETRIBUSI,
        ],
        "requirements": [
            ("ktp", True, "KTP ahli waris"),
            ("kk", True, ""),
            ("surat-kematian", True, ""),
        ],
        "fields": [
            {"key": "nama_jenazah", "label": "Nama almarhum/almarhumah", "kind": "text"},
            {
                "key": "nik_jenazah",
                "label": "NIK almarhum/almarhumah",
                "kind": "text",
                "max_length": 16,
            },
            {"key": "tanggal_wafat", "label": "Tanggal meninggal dunia", "kind": "date"},
            {
                "key": "tpu",
                "label": "Tempat pemakaman umum",
                "kind": "choice",
                "choices": "samaan|TPU Samaan\nkasin|TPU Kasin\nsukun|TPU Sukun\nlain|TPU lainnya",
            },
            {
                "key": "hubungan",
                "label": "Hubungan pemohon dengan almarhum/almarhumah",
                "kind": "choice",
                "choices": "pasangan|Suami/istri\nanak|Anak\norang_tua|Orang tua\nlain|Lainnya",
            },
        ],
        "workflow": [
            {"stage_name": "Pemeriksaan kelengkapan", "tasks": [_FO]},
            {
                "stage_name": "Verifikasi petak makam",
                "tasks": [("Verifikasi petak dan blok makam", "DPUPRPKP", "technical_reviewer", 1)],
            },
            {"stage_name": "Keputusan", "tasks": [_SIGN]},
        ],
        "fee": {
            "kind": "flat",
            "amount": 100000,
            "basis": (
                "Retribusi penggunaan tanah makam untuk 3 (tiga) tahun, Perda Pajak Daerah "
                "dan Retribusi Daerah (contoh)"
            ),
        },
    },
    # Non-permit services: research, civil society and social welfare.
    {
        "code": "surat-keterangan-penelitian",
        "name": "Surat Keterangan Penelitian (Rekomendasi Penelitian)",
        "category": "non_perizinan",
        "sla_days": 5,
        "product": "Surat Keterangan Penelitian",
        "validity_months": None,
        "procedure": "Berlaku selama jangka waktu penelitian yang tercantum dalam surat.",
        "legal_basis": [
            "Undang-Undang Nomor 11 Tahun 2019 tentang Sistem Nasional Ilmu Pengetahuan dan "
            "Teknologi",
            "Peraturan Menteri Dalam Negeri Nomor 3 Tahun 2018 tentang Penerbitan Surat "
            "Keterangan Penelitian",
        ],
        "requirements": [
            ("ktp", True, "KTP peneliti atau penanggung jawab"),
            ("surat-pengantar", True, ""),
            ("proposal-penelitian", True, "Memuat tujuan, lokasi, dan metode"),
            ("surat-pernyataan", True, "Kesanggupan menaati peraturan dan menyerahkan hasil"),
        ],
        "fields": [
            {"key": "judul", "label": "Judul penelitian", "kind": "long_text", "max_length": 500},
            {
                "key": "jenis_penelitian",
                "label": "Jenis penelitian",
                "kind": "choice",
                "choices": (
                    "tugas_akhir|Skripsi atau tugas akhir\npascasarjana|Tesis atau disertasi\n"
                    "lembaga|Penelitian lembaga atau instansi\nsurvei|Survei atau jajak pendapat"
                ),
            },
            {"key": "lembaga", "label": "Perguruan tinggi atau lembaga", "kind": "text"},
            {
                "key": "lokasi_penelitian",
                "label": "Lokasi dan perangkat daerah yang dituju",
                "kind": "long_text",
            },
            {"key": "tanggal_mulai", "label": "Tanggal mulai", "kind": "date"},
            {
                "key": "lama_bulan",
                "label": "Lama penelitian (bulan)",
                "kind": "number",
                "min_value": 1,
                "max_value": 12,
            },
        ],
        "workflow": [
            {"stage_name": "Pemeriksaan kelengkapan", "tasks": [_FO]},
            {
                "stage_name": "Telaah penelitian",
                "tasks": [
                    ("Verifikasi peneliti dan lokasi", "Bakesbangpol", "technical_reviewer", 3),
                    ("Telaah substansi penelitian", "Barenlitbangda", "technical_reviewer", 2),
                ],
            },
            {"stage_name": "Penerbitan", "tasks": [_SIGN]},
        ],
        "fee": {"kind": "free"},
    },
    {
        "code": "skt-ormas",
        "name": "Surat Keterangan Terdaftar (SKT) Organisasi Kemasyarakatan",
        "category": "non_perizinan",
        "sla_days": 7,
        "product": "Surat Keterangan Terdaftar Organisasi Kemasyarakatan",
        "validity_months": None,
        "legal_basis": [
            "Undang-Undang Nomor 17 Tahun 2013 tentang Organisasi Kemasyarakatan sebagaimana "
            "telah diubah dengan Undang-Undang Nomor 16 Tahun 2017",
            "Peraturan Pemerintah Nomor 58 Tahun 2016 tentang Pelaksanaan Undang-Undang "
            "Nomor 17 Tahun 2013 tentang Organisasi Kemasyarakatan",
            "Peraturan Menteri Dalam Negeri Nomor 57 Tahun 2017 tentang Pendaftaran dan "
            "Pengelolaan Sistem Informasi Organisasi Kemasyarakatan",
        ],
        "requirements": [
            ("ktp", True, "KTP ketua, sekretaris, dan bendahara"),
            ("akta", True, "Akta pendirian yang dikeluarkan notaris"),
            ("ad-art", True, ""),
            ("struktur-organisasi", True, "Susunan pengurus"),
            ("npwp", True, "Atas nama organisasi"),
            ("surat-domisili", True, ""),
            ("surat-pernyataan", True, "Tidak dalam sengketa kepengurusan"),
        ],
        "fields": [
            {"key": "nama_ormas", "label": "Nama organisasi", "kind": "text"},
            {
                "key": "bidang_kegiatan",
                "label": "Bidang kegiatan",
                "kind": "choice",
                "choices": (
                    "keagamaan|Keagamaan\nsosial|Sosial kemasyarakatan\n"
                    "pendidikan|Pendidikan\nlingkungan|Lingkungan hidup\n"
                    "kepemudaan|Kepemudaan\nlainnya|Lainnya"
                ),
            },
            {"key": "nama_ketua", "label": "Nama ketua", "kind": "text"},
            {
                "key": "alamat_sekretariat",
                "label": "Alamat sekretariat",
                "kind": "long_text",
            },
            {
                "key": "jumlah_anggota",
                "label": "Jumlah anggota",
                "kind": "number",
                "min_value": 1,
            },
        ],
        "workflow": [
            {"stage_name": "Pemeriksaan kelengkapan", "tasks": [_FO]},
            {
                "stage_name": "Verifikasi organisasi",
                "tasks": [
                    ("Verifikasi dokumen organisasi", "Bakesbangpol", "technical_reviewer", 4),
                    ("Verifikasi sekretariat", "Bakesbangpol", "inspector", 5),
                ],
            },
            {"stage_name": "Penerbitan", "tasks": [_SIGN]},
        ],
        "fee": {"kind": "free"},
    },
    {
        "code": "tanda-daftar-lks",
        "name": "Tanda Daftar Lembaga Kesejahteraan Sosial (LKS)",
        "category": "non_perizinan",
        "sla_days": 7,
        "product": "Tanda Daftar Lembaga Kesejahteraan Sosial",
        "validity_months": 36,
        "legal_basis": [
            "Undang-Undang Nomor 11 Tahun 2009 tentang Kesejahteraan Sosial",
            "Peraturan Menteri Sosial tentang Lembaga Kesejahteraan Sosial",
        ],
        "requirements": [
            ("ktp", True, "KTP ketua lembaga"),
            ("akta", True, ""),
            ("sk-badan-hukum", True, ""),
            ("ad-art", True, ""),
            ("struktur-organisasi", True, ""),
            ("npwp", True, "Atas nama lembaga"),
            ("surat-domisili", True, ""),
            ("foto-lokasi", True, ""),
        ],
        "fields": [
            {"key": "nama_lembaga", "label": "Nama lembaga", "kind": "text"},
            {
                "key": "jenis_layanan",
                "label": "Sasaran pelayanan",
                "kind": "choice",
                "choices": (
                    "anak|Anak (LKSA)\nlansia|Lanjut usia\ndisabilitas|Penyandang disabilitas\n"
                    "lainnya|Lainnya"
                ),
            },
            {
                "key": "jumlah_penerima",
                "label": "Jumlah penerima manfaat",
                "kind": "number",
                "min_value": 1,
            },
            {"key": "alamat_lembaga", "label": "Alamat lembaga", "kind": "long_text"},
            _KOORDINAT,
        ],
        "workflow": [
            {"stage_name": "Pemeriksaan kelengkapan", "tasks": [_FO]},
            {
                "stage_name": "Verifikasi lembaga",
                "tasks": [
                    ("Verifikasi dokumen lembaga", "Dinsos-P3AP2KB", "technical_reviewer", 3),
                    ("Peninjauan lembaga", "Dinsos-P3AP2KB", "inspector", 4),
                ],
            },
            {"stage_name": "Keputusan", "tasks": [_SIGN_2]},
        ],
        "fee": {"kind": "free"},
    },
]

# Demo staff: username, name, roles as (agency short name, role, position, NIP).
# A NIP is "" or 18 digits: birth date, start date as civil servant, sex (1/2), serial.
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
    {
        "username": "penandatangan",
        "name": "Hendra Wijayanto",
        "roles": [
            (
                "DPMPTSP",
                "signing_official",
                "Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
                "197205141998031004",
            )
        ],
    },
    {
        "username": "bendahara",
        "name": "Endang Susanti",
        "roles": [("DPMPTSP", "treasurer", "Bendahara Penerimaan", "198107072007012015")],
    },
    {
        "username": "teknis.dinkes",
        "name": "Ratna Kusumawardani",
        "roles": [
            (
                "Dinkes",
                "technical_reviewer",
                "Tim Teknis, Bidang Sumber Daya Kesehatan",
                "198103222006042011",
            )
        ],
    },
    {
        "username": "surveyor.dinkes",
        "name": "Yoga Pratama",
        "roles": [("Dinkes", "inspector", "Sanitarian Ahli Pertama", "199007152015031002")],
    },
    {
        "username": "teknis.dpuprpkp",
        "name": "Eko Susilo",
        "roles": [
            (
                "DPUPRPKP",
                "technical_reviewer",
                "Penata Ruang Ahli Muda, Bidang Penataan Ruang",
                "198211052009011003",
            )
        ],
    },
    {
        "username": "surveyor.dpuprpkp",
        "name": "Fajar Nugroho",
        "roles": [("DPUPRPKP", "inspector", "Teknik Jalan dan Jembatan", "199204182019031005")],
    },
    {
        "username": "teknis.disdikbud",
        "name": "Sri Wahyuni",
        "roles": [
            (
                "Disdikbud",
                "technical_reviewer",
                "Tim Teknis, Bidang Pembinaan Sekolah",
                "197809262005012008",
            )
        ],
    },
    {
        "username": "surveyor.disdikbud",
        "name": "Andi Kurniawan",
        "roles": [("Disdikbud", "inspector", "Pengawas Sekolah", "198806102014021001")],
    },
    {
        "username": "teknis.dishub",
        "name": "Rudi Setiawan",
        "roles": [
            (
                "Dishub",
                "technical_reviewer",
                "Tim Teknis, Bidang Angkutan dan Perparkiran",
                "198001172006041006",
            )
        ],
    },
    {
        "username": "surveyor.dishub",
        "name": "Dimas Saputra",
        "roles": [("Dishub", "inspector", "Penguji Kendaraan Bermotor", "199303082020121004")],
    },
    {
        "username": "teknis.diskopindag",
        "name": "Lilik Suryani",
        "roles": [
            ("Diskopindag", "technical_reviewer", "Analis Perdagangan", "197911302008012012"),
            ("Diskopindag", "inspector", "Analis Perdagangan", "197911302008012012"),
        ],
    },
    {
        "username": "teknis.disporapar",
        "name": "Galih Permana",
        "roles": [
            ("Disporapar", "technical_reviewer", "Analis Pariwisata", "198907252015031003"),
            ("Disporapar", "inspector", "Analis Pariwisata", "198907252015031003"),
        ],
    },
    {
        "username": "teknis.bakesbangpol",
        "name": "Sugeng Riyadi",
        "roles": [
            (
                "Bakesbangpol",
                "technical_reviewer",
                "Analis Kebijakan, Bidang Ketahanan Ekonomi, Sosial dan Budaya",
                "197604121999031002",
            ),
            ("Bakesbangpol", "inspector", "Analis Kebijakan", "197604121999031002"),
        ],
    },
    {
        "username": "teknis.barenlitbangda",
        "name": "Anita Puspitasari",
        "roles": [
            (
                "Barenlitbangda",
                "technical_reviewer",
                "Peneliti Ahli Muda, Bidang Penelitian dan Pengembangan",
                "198502142010012017",
            )
        ],
    },
    {
        "username": "teknis.dinsos",
        "name": "Wahyu Hidayat",
        "roles": [
            (
                "Dinsos-P3AP2KB",
                "technical_reviewer",
                "Pekerja Sosial Ahli Muda",
                "198409092009031008",
            ),
            ("Dinsos-P3AP2KB", "inspector", "Pekerja Sosial Ahli Muda", "198409092009031008"),
        ],
    },
    {
        "username": "pengaduan",
        "name": "Arief Rahman",
        "roles": [
            (
                "Diskominfo",
                "complaint_admin",
                "Admin Pengelola Pengaduan (SP4N-LAPOR!) Kota",
                "198612202011011002",
            )
        ],
    },
    {
        "username": "penghubung.dpmptsp",
        "name": "Mega Anggraini",
        "roles": [("DPMPTSP", "complaint_liaison", "Penghubung Pengaduan", "")],
    },
    {
        "username": "penghubung.dinkes",
        "name": "Tri Handayani",
        "roles": [("Dinkes", "complaint_liaison", "Penghubung Pengaduan", "198708172010012009")],
    },
    {
        "username": "penghubung.dishub",
        "name": "Bayu Santoso",
        "roles": [("Dishub", "complaint_liaison", "Penghubung Pengaduan", "199101232017081001")],
    },
    {
        "username": "perencana",
        "name": "Nurul Hidayah",
        "roles": [
            (
                "Barenlitbangda",
                "planner",
                "Perencana Ahli Muda, Bidang Perencanaan dan Pengendalian",
                "198605052010012021",
            )
        ],
    },
    {
        "username": "organisasi.setda",
        "name": "Yudi Prasetya",
        "roles": [
            (
                "Setda",
                "planner",
                "Analis Kelembagaan, Bagian Organisasi",
                "198903032014031002",
            )
        ],
    },
    {
        "username": "pimpinan",
        "name": "Bambang Irianto",
        "roles": [("Setda", "leadership", "Sekretaris Daerah", "196808121994031007")],
    },
    {
        "username": "kadis.dinkes",
        "name": "Listyorini Handayani",
        "roles": [("Dinkes", "leadership", "Kepala Dinas Kesehatan", "197011031997032004")],
    },
]

# Demo applicants. NIK: 35.73 (Kota Malang), kecamatan 01 to 05, birth date (day + 40 for
# women), serial. NPWP: the old 15 digits with the Luhn check digit in the ninth place.
APPLICANTS = [
    {
        "username": "pemohon",
        "name": "Siti Rahmawati",
        "nik": "3573014508900002",
        "address": "Jl. Danau Toba No. 10, Sawojajar, Kedungkandang, Kota Malang",
        "phone": "081234567890",
        "email": "siti@demo.satupintu.invalid",
        "summary": "pemohon perorangan",
    },
    {
        "username": "pemohon.bidan",
        "name": "Nur Aini Fitriyah",
        "nik": "3573026111940001",
        "address": "Jl. Raya Bandulan No. 45, Bandulan, Sukun, Kota Malang",
        "phone": "081331234567",
        "email": "nur.aini@demo.satupintu.invalid",
        "summary": "bidan, pemohon perorangan SIP bidan",
    },
    {
        "username": "pemohon.usaha",
        "name": "Budi Santoso",
        "nik": "3573040902780002",
        "address": "Jl. Letjen S. Parman No. 21, Purwantoro, Blimbing, Kota Malang",
        "phone": "085645678912",
        "email": "budi@demo.satupintu.invalid",
        "summary": "pelaku usaha, pengurus CV Tugu Boga Sejahtera (jasa boga)",
        "business": {
            "nib": "9120105713462",
            "npwp": "027183458623000",
            "name": "CV Tugu Boga Sejahtera",
            "address": "Jl. Borobudur No. 88, Mojolangu, Lowokwaru, Kota Malang",
        },
    },
    {
        "username": "pemohon.yayasan",
        "name": "Ahmad Fauzi",
        "nik": "3573053006830001",
        "address": "Jl. Tlogomas No. 17, Tlogomas, Lowokwaru, Kota Malang",
        "phone": "087812345670",
        "email": "ahmad.fauzi@demo.satupintu.invalid",
        "summary": "ketua yayasan pendidikan, pemohon izin operasional PAUD",
        "business": {
            "nib": "8120017654329",
            "npwp": "018934729625000",
            "name": "Yayasan Pendidikan Cahaya Ilmu Malang",
            "address": "Jl. Tlogomas No. 17, Tlogomas, Lowokwaru, Kota Malang",
        },
    },
]
