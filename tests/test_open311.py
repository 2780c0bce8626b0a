"""Open311 GeoReport v2: the complaint classifications as services, filing with an
integrator's key, reading public complaints back without personal data, the spec's errors,
and a third-party client driving it over real HTTP."""

import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
import requests
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from georeport import GeoReport

from feedback import complaints
from feedback.models import Classification, Complaint, ComplaintStatus, Open311ApiKey, Tier
from org.models import Role
from tests import factories

pytestmark = pytest.mark.django_db

WIB = datetime.timezone(datetime.timedelta(hours=7))
NOTICE = (
    "Laporan diverifikasi dalam 3 hari kerja, lalu diteruskan ke perangkat daerah yang wajib "
    "menjawabnya."
)
REPORT = {
    "service_code": "pengaduan",
    "lat": "-7.966620",
    "long": "112.632632",
    "address_string": "Jl. Tugu 1, Klojen, Kota Malang",
    "first_name": "Siti",
    "last_name": "Rahmawati",
    "email": "siti@example.id",
    "phone": "081234567890",
    "device_id": "tt222111",
    "account_id": "123456",
    "description": "Lampu jalan mati sejak seminggu.\nJalan gelap dan rawan.",
    "attribute[judul]": "Lampu jalan mati di Jl. Tugu",
    "attribute[harapan]": "Lampu diganti minggu ini.",
}


def url(name: str, fmt: str, **kwargs) -> str:
    return reverse(f"open311:{name}", kwargs={"fmt": fmt, **kwargs})


def parsed(response) -> ET.Element:
    """The XML body, after checking the spec's declaration."""
    head = b'<?xml version="1.0" encoding="utf-8"?>\n'
    assert response.content[: len(head)] == head
    return ET.fromstring(response.content)  # noqa: S314 - our own response, in a test


CONTAINERS = {
    "services",
    "service_requests",
    "errors",
    "attributes",
    "values",
    "endpoints",
    "formats",
}


def as_data(element: ET.Element):
    """The spec's Spark convention, by hand: a container's children are a list."""
    if element.tag in CONTAINERS:
        return [as_data(child) for child in element]
    if len(element):
        return {child.tag: as_data(child) for child in element}
    return element.text


@pytest.fixture
def api() -> Client:
    """An integrator's server: no session, and CSRF checks on as in production."""
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def key(region) -> str:
    """The key an integrator was given once; the database keeps only its digest."""
    record = Open311ApiKey(region=region, name="Aplikasi Warga Malang")
    clear = record.generate()
    record.save()
    return clear


@pytest.fixture
def sip(region, dinkes):
    return factories.make_service(
        region, code="sip-dokter", name="Surat Izin Praktik Dokter", agency=dinkes
    )


@pytest.fixture
def complaint_admin(dpmptsp):
    return factories.make_staff("admin.aduan", dpmptsp, Role.COMPLAINT_ADMIN)


def _verified(complaint: Complaint) -> Complaint:
    """Routed by the complaint admin to Dinkes: from now on public (not confidential)."""
    region = complaint.region
    admin = factories.make_staff(
        f"verifikator{complaint.pk}", region.agencies.first(), Role.COMPLAINT_ADMIN
    )
    agency = region.agencies.get(short_name="Dinkes")
    return complaints.complaint_route(
        complaint=complaint, actor=admin, agency=agency, tier=Tier.NORMATIVE
    )


def _complaint(region, **fields) -> Complaint:
    values = {
        "classification": Classification.COMPLAINT,
        "title": "Lampu jalan mati",
        "what_happened": "Lampu jalan di Jl. Tugu mati sejak seminggu.",
        "name": "Budi Santoso",
        "email": "budi@example.id",
        "phone": "081298765432",
        "source": "open311",
        "address": "Jl. Tugu 1, Klojen",
        "lat": Decimal("-7.966620"),
        "long": Decimal("112.632632"),
    } | fields
    return complaints.complaint_file(region=region, **values)[0]


SERVICES = [
    {
        "service_code": "pengaduan",
        "service_name": "Pengaduan",
        "description": "Pelayanan publik tidak sesuai: ceritakan apa yang terjadi dan apa yang "
        "perlu dilakukan.",
        "metadata": True,
        "type": "realtime",
        "keywords": "pengaduan, keluhan, laporan, pelayanan publik, maladministrasi",
        "group": "pengaduan",
    },
    {
        "service_code": "aspirasi",
        "service_name": "Aspirasi",
        "description": "Saran atau gagasan untuk pelayanan publik daerah.",
        "metadata": True,
        "type": "realtime",
        "keywords": "aspirasi, saran, usulan, gagasan",
        "group": "pengaduan",
    },
    {
        "service_code": "informasi",
        "service_name": "Permintaan informasi",
        "description": "Pertanyaan kepada pemerintah daerah tentang layanan, aturan, atau "
        "keputusan.",
        "metadata": True,
        "type": "realtime",
        "keywords": "informasi, pertanyaan",
        "group": "pengaduan",
    },
]


def test_services_are_the_three_classifications_in_json_and_xml(api, region):
    as_json = api.get(url("services", "json"))
    as_xml = api.get(url("services", "xml"))

    assert (as_json.status_code, as_json["Content-Type"]) == (
        200,
        "application/json; charset=utf-8",
    )
    assert as_json.json() == SERVICES
    assert (as_xml.status_code, as_xml["Content-Type"]) == (200, "text/xml; charset=utf-8")
    root = parsed(as_xml)
    assert (root.tag, [child.tag for child in root]) == ("services", ["service"] * 3)
    assert as_data(root) == [
        {name: ("true" if value is True else value) for name, value in service.items()}
        for service in SERVICES
    ]


def test_a_service_definition_offers_the_region_s_active_services(
    api, region, other_region, sip, dinkes
):
    factories.make_service(region, code="reklame", name="Izin Reklame", agency=dinkes)
    # Neither an inactive service nor another region's is offered.
    hidden = factories.make_service(region, code="tutup", name="Layanan Lama", agency=dinkes)
    hidden.is_active = False
    hidden.save()
    elsewhere = factories.make_agency(
        other_region, short_name="Dinkes", unit_code="1.02.0.00.0.00.01.0000"
    )
    factories.make_service(other_region, code="sip-bidan", name="Izin Bidan", agency=elsewhere)

    response = api.get(url("service_definition", "json", service_code="pengaduan"))

    assert response.json() == {
        "service_code": "pengaduan",
        "attributes": [
            {
                "variable": True,
                "code": "layanan",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "Salah satu layanan daerah, dengan kodenya.",
                "order": 1,
                "description": "Layanan yang dikeluhkan, bila ada.",
                "values": [
                    {"key": "reklame", "name": "Izin Reklame"},
                    {"key": "sip-dokter", "name": "Surat Izin Praktik Dokter"},
                ],
            },
            {
                "variable": True,
                "code": "judul",
                "datatype": "string",
                "required": False,
                "datatype_description": "Paling banyak 200 karakter; bila kosong, baris "
                "pertama uraian.",
                "order": 2,
                "description": "Judul laporan.",
            },
            {
                "variable": True,
                "code": "harapan",
                "datatype": "text",
                "required": False,
                "datatype_description": None,
                "order": 3,
                "description": "Apa yang Anda harapkan dilakukan.",
            },
            {
                "variable": True,
                "code": "rahasia",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "Bila kosong: tidak rahasia.",
                "order": 4,
                "description": "Rahasia: tidak ditampilkan untuk umum, dan identitas pelapor "
                "disembunyikan dari perangkat daerah.",
                "values": [{"key": "ya", "name": "Ya"}, {"key": "tidak", "name": "Tidak"}],
            },
        ],
    }


def test_a_service_definition_in_xml_nests_attributes_and_values(api, region, sip):
    root = parsed(api.get(url("service_definition", "xml", service_code="aspirasi")))

    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "aspirasi"
    assert [a.findtext("code") for a in root.findall("attributes/attribute")] == [
        "layanan",
        "judul",
        "harapan",
        "rahasia",
    ]
    assert [
        (value.findtext("key"), value.findtext("name"))
        for value in root.findall("attributes/attribute/values/value")
    ] == [("sip-dokter", "Surat Izin Praktik Dokter"), ("ya", "Ya"), ("tidak", "Tidak")]


def test_an_unknown_service_code_is_404(api, region):
    response = api.get(url("service_definition", "json", service_code="jalan-rusak"))

    assert (response.status_code, response.json()) == (
        404,
        [{"code": 404, "description": "service_code jalan-rusak tidak ditemukan."}],
    )


def test_posting_with_a_valid_key_files_a_complaint(api, region, key, sip):
    with time_machine.travel(datetime.datetime(2026, 11, 2, 10, 0, tzinfo=WIB), tick=False):
        response = api.post(
            url("service_requests", "xml"),
            {**REPORT, "api_key": key, "attribute[layanan]": "sip-dokter"},
        )

    complaint = Complaint.objects.get()
    assert (response.status_code, response["Content-Type"]) == (200, "text/xml; charset=utf-8")
    assert as_data(parsed(response)) == [
        {"service_request_id": "ADU-3573-2026-00001", "service_notice": NOTICE, "account_id": None}
    ]
    assert {
        "number": complaint.number,
        "classification": complaint.classification,
        "service": complaint.service,
        "title": complaint.title,
        "what_happened": complaint.what_happened,
        "remedy_wanted": complaint.remedy_wanted,
        "name": complaint.name,
        "email": complaint.email,
        "phone": complaint.phone,
        "anonymous": complaint.anonymous,
        "confidential": complaint.confidential,
        "source": complaint.source,
        "address": complaint.address,
        "lat": complaint.lat,
        "long": complaint.long,
        "status": complaint.status,
    } == {
        "number": "ADU-3573-2026-00001",
        "classification": Classification.COMPLAINT,
        "service": sip,
        "title": "Lampu jalan mati di Jl. Tugu",
        "what_happened": "Lampu jalan mati sejak seminggu.\nJalan gelap dan rawan.",
        "remedy_wanted": "Lampu diganti minggu ini.",
        "name": "Siti Rahmawati",
        "email": "siti@example.id",
        "phone": "+6281234567890",  # stored as WhatsApp can reach it
        "anonymous": False,
        "confidential": False,
        "source": "open311",
        "address": "Jl. Tugu 1, Klojen, Kota Malang",
        "lat": Decimal("-7.966620"),
        "long": Decimal("112.632632"),
        "status": ComplaintStatus.RECEIVED,
    }
    assert Open311ApiKey.objects.get().last_used_at == datetime.datetime(
        2026, 11, 2, 3, 0, tzinfo=datetime.UTC
    )


def test_posting_without_identity_files_anonymously_titled_by_the_first_line(api, region, key):
    response = api.post(
        url("service_requests", "json"),
        {
            "api_key": key,
            "service_code": "aspirasi",
            "address_string": "Alun-alun Merdeka",
            "description": "\nPerbanyak bangku taman.\nDan tempat sampah\x00 terpilah.",
            "media_url": "https://foto.example.id/bangku.jpg",
            "attribute[rahasia]": "ya",
        },
    )

    complaint = Complaint.objects.get()
    assert response.json() == [
        {"service_request_id": complaint.number, "service_notice": NOTICE, "account_id": None}
    ]
    assert (
        complaint.title,
        complaint.what_happened,
        complaint.anonymous,
        complaint.confidential,
        complaint.name,
        complaint.lat,
    ) == (
        "Perbanyak bangku taman.",
        "Perbanyak bangku taman.\nDan tempat sampah terpilah.\n\n"
        "Media: https://foto.example.id/bangku.jpg",
        True,
        True,
        "",
        None,
    )


@pytest.mark.parametrize("forged", ["sp311_palsu", ""])
def test_posting_with_a_forged_or_missing_key_is_403_and_saves_nothing(api, region, key, forged):
    as_xml = api.post(url("service_requests", "xml"), {**REPORT, "api_key": forged})
    as_json = api.post(url("service_requests", "json"), {**REPORT, "api_key": forged})

    description = "api_key tidak ada atau tidak sah: mintalah kunci kepada admin daerah."
    assert (as_xml.status_code, as_data(parsed(as_xml))) == (
        403,
        [{"code": "403", "description": description}],
    )
    assert (as_json.status_code, as_json.json()) == (
        403,
        [{"code": 403, "description": description}],
    )
    assert (Complaint.objects.count(), Open311ApiKey.objects.get().last_used_at) == (0, None)


def test_a_key_of_a_deactivated_integrator_is_refused(api, region, key):
    Open311ApiKey.objects.update(active=False)

    response = api.post(url("service_requests", "json"), {**REPORT, "api_key": key})

    assert (response.status_code, Complaint.objects.count()) == (403, 0)


@pytest.mark.parametrize(
    ("fields", "status", "description"),
    [
        (
            {"email": "", "phone": ""},
            400,
            "Tulis nama Anda dan e-mail atau nomor telepon, atau laporkan secara anonim.",
        ),
        (
            {"lat": "", "long": "", "address_string": "", "address_id": "545483"},
            400,
            "Kirim lokasi: lat dan long, atau address_string.",
        ),
        ({"long": ""}, 400, "Kirim lat dan long bersama-sama."),
        ({"lat": "NaN"}, 400, "lat harus berupa koordinat WGS84 dalam derajat."),
        ({"email": "siti(at)example"}, 400, "email bukan alamat e-mail yang sah."),
        ({"attribute[rahasia]": "mungkin"}, 400, "attribute[rahasia] diisi ya atau tidak."),
        (
            {"attribute[layanan]": "tidak-ada"},
            400,
            "attribute[layanan]: tidak-ada bukan layanan daerah ini.",
        ),
        ({"service_code": ""}, 400, "service_code tidak dikirim."),
        ({"service_code": "jalan-rusak"}, 404, "service_code jalan-rusak tidak ditemukan."),
        ({"description": "x" * 4001}, 400, "description paling banyak 4000 karakter."),
    ],
)
def test_a_refused_request_says_why_and_saves_nothing(
    api, region, key, fields, status, description
):
    response = api.post(url("service_requests", "json"), {**REPORT, "api_key": key, **fields})

    assert (response.status_code, response.json(), Complaint.objects.count()) == (
        status,
        [{"code": status, "description": description}],
        0,
    )


def test_a_request_read_back_is_open_and_carries_no_personal_data(
    api, region, complaint_admin, dpupr
):
    with time_machine.travel(datetime.datetime(2026, 11, 2, 10, 0, tzinfo=WIB), tick=False):
        complaint = _complaint(region)
    with time_machine.travel(datetime.datetime(2026, 11, 3, 9, 30, tzinfo=WIB), tick=False):
        complaints.complaint_route(
            complaint=complaint,
            actor=complaint_admin,
            agency=dpupr,
            tier=Tier.NORMATIVE,
            note="Diteruskan ke DPUPR untuk penggantian lampu.",
        )

    as_json = api.get(url("service_request", "json", service_request_id=complaint.number))
    as_xml = api.get(url("service_request", "xml", service_request_id=complaint.number))

    expected = {
        "service_request_id": "ADU-3573-2026-00001",
        "status": "open",
        "status_notes": "Diverifikasi dan dikirim ke perangkat daerah: Diteruskan ke DPUPR "
        "untuk penggantian lampu.",
        "service_name": "Pengaduan",
        "service_code": "pengaduan",
        "description": "Lampu jalan di Jl. Tugu mati sejak seminggu.",
        "agency_responsible": "Dinas Pekerjaan Umum dan Penataan Ruang",
        "service_notice": NOTICE,
        "requested_datetime": "2026-11-02T10:00:00+07:00",
        "updated_datetime": "2026-11-03T09:30:00+07:00",
        # Five working days after 3 November, at the end of that day in WIB.
        "expected_datetime": "2026-11-10T23:59:59+07:00",
        "address": "Jl. Tugu 1, Klojen",
        "address_id": None,
        "zipcode": None,
        "lat": -7.96662,
        "long": 112.632632,
        "media_url": None,
    }
    assert (as_json.status_code, as_json.json()) == (200, [expected])
    texts = {key: None if value is None else str(value) for key, value in expected.items()}
    assert (as_xml.status_code, as_data(parsed(as_xml))) == (
        200,
        [texts | {"lat": "-7.96662"}],
    )
    for body in (as_json.content.decode(), as_xml.content.decode()):
        assert [
            secret for secret in ("Budi", "budi@example.id", "081298765432") if secret in body
        ] == []


def test_xml_leaves_out_control_characters_a_filer_typed(api, region, dinkes):
    complaint = _verified(_complaint(region, what_happened="Lampu mati\x0b sejak\x07 Senin."))

    root = parsed(api.get(url("service_request", "xml", service_request_id=complaint.number)))

    assert root.findtext("request/description") == "Lampu mati sejak Senin."


@pytest.mark.parametrize("kind", ["confidential", "unverified"])
def test_a_confidential_or_unverified_complaint_is_never_returned(api, region, dinkes, kind):
    """The portal's rule (Complaint.objects.public): Open311 listed unverified reports with
    their full text while the portal hid them."""
    public = _verified(_complaint(region, title="Antrean panjang", what_happened="Antrean."))
    hidden = _complaint(
        region,
        confidential=kind == "confidential",
        what_happened="Petugas loket 3 meminta uang Rp50.000.",
    )
    if kind == "confidential":
        _verified(hidden)  # even once verified

    listed = api.get(url("service_requests", "json"))
    by_ids = api.get(
        url("service_requests", "json"),
        {"service_request_id": f"{hidden.number},{public.number}"},
    )
    by_id = api.get(url("service_request", "xml", service_request_id=hidden.number))

    assert [r["service_request_id"] for r in listed.json()] == [public.number]
    assert [r["service_request_id"] for r in by_ids.json()] == [public.number]
    assert (by_id.status_code, as_data(parsed(by_id))) == (
        404,
        [
            {
                "code": "404",
                "description": f"service_request_id {hidden.number} tidak ditemukan.",
            }
        ],
    )
    bodies = listed.content.decode() + by_ids.content.decode() + by_id.content.decode()
    assert "meminta uang" not in bodies


def test_requests_filter_by_status_code_and_date(api, region, dinkes):
    liaison = factories.make_staff("penghubung.dinkes", dinkes, Role.COMPLAINT_LIAISON)
    with time_machine.travel(datetime.datetime(2026, 8, 1, 10, 0, tzinfo=WIB), tick=False):
        old = _verified(_complaint(region))
    with time_machine.travel(datetime.datetime(2026, 11, 2, 10, 0, tzinfo=WIB), tick=False):
        resolved = _verified(_complaint(region, classification=Classification.INFORMATION))
        complaints.complaint_follow_up(complaint=resolved, actor=liaison, plan="Dicek.")
        complaints.complaint_resolve(
            complaint=resolved, actor=liaison, answer="Jadwal ada di laman informasi."
        )
    with time_machine.travel(datetime.datetime(2026, 11, 2, 11, 0, tzinfo=WIB), tick=False):
        routed = _verified(_complaint(region, classification=Classification.ASPIRATION))
        _complaint(region, classification=Classification.ASPIRATION)  # not verified: never listed

    with time_machine.travel(datetime.datetime(2026, 11, 20, 10, 0, tzinfo=WIB), tick=False):

        def ids(**params):
            return [
                r["service_request_id"]
                for r in api.get(url("service_requests", "json"), params).json()
            ]

        assert ids() == [routed.number, resolved.number]  # the last 90 days, newest first
        assert ids(status="closed") == [resolved.number]
        assert ids(status="open") == [routed.number]
        assert ids(status="open,closed", service_code="informasi,pengaduan") == [resolved.number]
        assert ids(start_date="2026-07-31T00:00:00+07:00", end_date="2026-08-01") == [old.number]
        assert ids(end_date="2026-08-02T00:00:00Z") == [old.number]
        closed = api.get(url("service_requests", "json"), {"status": "closed"}).json()[0]
    assert (closed["status"], closed["status_notes"]) == (
        "closed",
        "Selesai: Jadwal ada di laman informasi.",
    )


@pytest.mark.parametrize(
    ("params", "description"),
    [
        (
            {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
            "Rentang start_date sampai end_date paling lama 90 hari.",
        ),
        (
            {"start_date": "2026-06-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"},
            "end_date lebih awal daripada start_date.",
        ),
        (
            {"start_date": "kemarin"},
            "start_date bukan tanggal dan waktu seperti 2026-01-31T00:00:00+07:00.",
        ),
        ({"status": "pending"}, "status diisi open, closed, atau keduanya."),
    ],
)
def test_a_bad_query_is_400(api, region, params, description):
    response = api.get(url("service_requests", "xml"), params)

    assert (response.status_code, as_data(parsed(response))) == (
        400,
        [{"code": "400", "description": description}],
    )


def test_the_jurisdiction_is_the_region_code_or_the_portal_domain(api, region, settings):
    settings.SATUPINTU_BASE_URL = "https://www.layanan.malangkota.go.id"

    by_code = api.get(url("services", "json"), {"jurisdiction_id": "35.73"})
    by_domain = api.get(url("services", "json"), {"jurisdiction_id": "layanan.malangkota.go.id"})
    unknown = api.get(url("services", "xml"), {"jurisdiction_id": "sfgov.org"})

    assert (by_code.status_code, by_domain.status_code) == (200, 200)
    assert (unknown.status_code, as_data(parsed(unknown))) == (
        404,
        [{"code": "404", "description": "jurisdiction_id sfgov.org tidak ditemukan di sini."}],
    )


def test_an_unknown_jurisdiction_on_post_saves_nothing(api, region, key):
    response = api.post(
        url("service_requests", "json"), {**REPORT, "api_key": key, "jurisdiction_id": "35.07"}
    )

    assert (response.status_code, Complaint.objects.count()) == (404, 0)


def test_tokens_are_never_issued_and_other_addresses_are_404(api, region):
    token = api.get(url("token", "json", token="12345"))
    other = api.get("/open311/v2/reports.json")
    wrong_method = api.delete(url("services", "json"))

    assert (token.status_code, token.json()) == (
        404,
        [{"code": 404, "description": "token 12345 tidak ditemukan."}],
    )
    assert (other.status_code, other.json()) == (
        404,
        [{"code": 404, "description": "Sumber Open311 ini tidak ada."}],
    )
    assert (wrong_method.status_code, wrong_method.json()) == (
        400,
        [{"code": 400, "description": "Alamat ini tidak menerima DELETE."}],
    )


def test_discovery_names_the_endpoint_and_its_formats(api, region, settings):
    settings.SATUPINTU_BASE_URL = "https://layanan.malangkota.go.id"

    as_json = api.get(url("discovery", "json")).json()
    as_xml = as_data(parsed(api.get(url("discovery", "xml"))))

    assert as_json == {
        "changeset": "2026-11-28 07:00",
        "contact": "Layanan pengaduan Kota Uji: https://layanan.malangkota.go.id/pengaduan/baru/",
        "key_service": "Kunci API untuk mengirim laporan diterbitkan oleh admin Kota Uji.",
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": "https://layanan.malangkota.go.id/open311/v2",
                "changeset": "2026-11-28 07:00",
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    assert as_xml["endpoints"] == as_json["endpoints"]


def test_the_admin_shows_a_new_key_once_and_keeps_its_digest(client, region):
    superuser = get_user_model().objects.create_superuser("root", "root@example.id", "x")
    client.force_login(superuser)

    response = client.post(
        reverse("admin:feedback_open311apikey_add"),
        {"region": region.pk, "name": "Aplikasi Warga Malang", "active": "on"},
        follow=True,
    )

    record = Open311ApiKey.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    keys = re.findall(r"sp311_[\w-]+", " ".join(shown))
    assert (len(keys), record.digest, record.name) == (
        1,
        Open311ApiKey.digest_of(keys[0]),
        "Aplikasi Warga Malang",
    )
    assert (
        shown[0] == f"Kunci untuk Aplikasi Warga Malang: {keys[0]}. "
        "Salin sekarang: kunci ini tidak ditampilkan lagi."
    )
    page = client.get(reverse("admin:feedback_open311apikey_change", args=[record.pk]))
    assert re.findall(r"sp311_[\w-]+", page.content.decode()) == []


@pytest.mark.django_db(transaction=True)
def test_a_third_party_client_lists_posts_and_reads_back(live_server, region, key, dinkes):
    """georeport (PyPI) unchanged, over real HTTP. It has no call to file a request, so that
    step is the spec's own example body, form-encoded, as any client sends it."""
    root = live_server.url + "/open311/v2"
    as_json = GeoReport(root, jurisdiction="35.73")
    as_xml = GeoReport(root, jurisdiction="35.73", output_format="xml")

    listed = as_json.get_service_list()
    listed_xml = as_xml.get_service_list()
    definition = as_xml.get_service_definition("pengaduan")
    posted = requests.post(
        root + "/requests.json",
        data={**REPORT, "api_key": key, "jurisdiction_id": "35.73"},
        timeout=10,
    )
    number = posted.json()[0]["service_request_id"]
    unverified = requests.get(f"{root}/requests/{number}.json", timeout=10)
    _verified(Complaint.objects.get(number=number))  # the admin's step: public from now on
    read_json = as_json.get_service_request(number)
    read_xml = as_xml.get_service_request(number)
    listed_requests = as_json.get_service_requests(service_request_id=number)

    assert [s["service_code"] for s in listed] == ["pengaduan", "aspirasi", "informasi"]
    assert [s["service_name"] for s in listed_xml] == [
        "Pengaduan",
        "Aspirasi",
        "Permintaan informasi",
    ]
    assert [a["code"] for a in definition["attributes"]["attribute"]] == [
        "layanan",
        "judul",
        "harapan",
        "rahasia",
    ]
    assert (posted.status_code, number) == (200, Complaint.objects.get().number)
    assert unverified.status_code == 404
    assert (read_json["service_request_id"], read_json["status"], read_json["lat"]) == (
        number,
        "open",
        -7.96662,
    )
    assert (read_xml["service_request_id"], read_xml["status"], read_xml["address"]) == (
        number,
        "open",
        "Jl. Tugu 1, Klojen, Kota Malang",
    )
    assert listed_requests == [read_json]
