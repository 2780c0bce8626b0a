"""A service with two parallel technical reviews, and an applicant, for case stories."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from org.models import Person, Role
from tests import factories

PASSPHRASE = "rahasia-ttd-2026"
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="dokumen.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def dishub(region):
    return factories.make_agency(
        region, short_name="Dishub", name="Dinas Perhubungan", unit_code="2.15.0.00.0.00.01.0000"
    )


@pytest.fixture
def reviewer_dishub(dishub):
    return factories.make_staff("rudi.dishub", dishub, Role.TECHNICAL_REVIEWER)


@pytest.fixture
def inspector_dpupr(dpupr):
    return factories.make_staff("fajar.dpupr", dpupr, Role.INSPECTOR)


@pytest.fixture
def parkir(region, dpmptsp, dpupr, dishub):
    """Izin parkir: completeness (1) → DPUPR and Dishub in parallel (3) → decision (1) = 5."""
    ktp = factories.make_document_type(region, "ktp", "KTP-el", is_identity=True)
    denah = factories.make_document_type(region, "denah", "Denah lokasi", is_identity=False)
    version = factories.make_draft(
        region,
        code="izin-parkir",
        name="Izin Tempat Khusus Parkir",
        agency=dpmptsp,
        sla_days=5,
        tasks=[
            (1, "Pemeriksaan kelengkapan", dpmptsp, "front_office", 1),
            (2, "Kajian teknis", dpupr, "technical_reviewer", 3),
            (2, "Kajian teknis", dishub, "technical_reviewer", 2),
            (3, "Keputusan", dpmptsp, "signing_official", 1),
        ],
        fields=[
            {"key": "lokasi", "label": "Alamat lokasi", "kind": "text"},
            {"key": "luas_m2", "label": "Luas", "kind": "area_m2", "min_value": 1},
        ],
        requirements=[ktp, denah],
    )
    from catalog import domain

    return domain.service_version_publish(version=version, actor=None).service


@pytest.fixture
def siti(region, applicant):
    applicant.email = "siti@example.id"
    applicant.save()
    return Person.objects.create(
        region=region,
        user=applicant,
        nik="3573014508900002",
        name="Siti Rahmawati",
        address="Jl. Ijen 10, Malang",
        phone="+6281234567890",
        email="siti@example.id",
    )


@pytest.fixture(scope="module")
def authority():
    from core import signing

    return signing.authority_create(name="Pemerintah Kota Uji")


@pytest.fixture
def signing_key(authority, signing_official, region, settings):
    """The signing official's certificate from the test CA, which the settings trust."""
    from core import signing
    from org.domain import signing_credential_install

    Path(settings.SATUPINTU_TRUST_ROOTS[0]).parent.mkdir(parents=True, exist_ok=True)
    Path(settings.SATUPINTU_TRUST_ROOTS[0]).write_bytes(authority.pem)
    signing_official.first_name, signing_official.last_name = "Drs. Hadi", "Santoso"
    signing_official.save()
    p12 = signing.signer_certificate_issue(
        authority, name="Drs. Hadi Santoso", organization=region.name, passphrase=PASSPHRASE
    )
    return signing_credential_install(
        user=signing_official, region=region, p12=p12, passphrase=PASSPHRASE
    )


@pytest.fixture
def treasurer(dpmptsp):
    return factories.make_staff(
        "rina.bendahara",
        dpmptsp,
        Role.TREASURER,
        position="Bendahara Penerimaan",
        nip="198107072007012015",
    )


@pytest.fixture
def reklame(region, dpmptsp, dpupr):
    """A paid service: completeness (1) → DPUPR review (2) → decision (1); Rp150.000 flat."""
    ktp = factories.make_document_type(region, "ktp", "KTP-el", is_identity=True)
    version = factories.make_draft(
        region,
        code="izin-reklame",
        name="Izin Reklame",
        agency=dpmptsp,
        sla_days=4,
        tasks=[
            (1, "Pemeriksaan kelengkapan", dpmptsp, "front_office", 1),
            (2, "Kajian teknis", dpupr, "technical_reviewer", 2),
            (3, "Keputusan", dpmptsp, "signing_official", 1),
        ],
        fields=[{"key": "naskah", "label": "Naskah reklame", "kind": "text"}],
        fee={"fee_kind": "flat", "fee_amount": 150_000, "fee_basis": "Perda 1/2024"},
        requirements=[ktp],
    )
    from catalog import domain

    return domain.service_version_publish(version=version, actor=None).service


def _decided_reklame(reklame, siti, applicant, front_office, reviewer, official, *, reason=""):
    """The reklame case filed, checked, reviewed and decided: approved unless a reason to
    reject is given."""
    from licensing import domain

    approve = not reason
    application = domain.application_start(owner=applicant, person=siti, service=reklame)
    domain.application_fill(
        application=application,
        actor=applicant,
        values={"naskah": "Toko Roti Ijen"},
        attachments={r: pdf() for r in application.service_version.requirement_list()},
    )
    application, _pin = domain.application_submit(application=application, actor=applicant)
    domain.application_accept(task=application.tasks.get(stage=1), actor=front_office)
    domain.review_recommend(
        task=application.tasks.get(stage=2),
        actor=reviewer,
        approve=approve,
        reason="" if approve else "Hijau",
    )
    domain.application_decide(
        task=application.tasks.get(stage=3), actor=official, approve=approve, reason=reason
    )
    application.refresh_from_db()
    return application


@pytest.fixture
def approved_reklame(reklame, siti, applicant, front_office, reviewer_dpupr, signing_official):
    """The paid reklame case, filed, reviewed and approved."""
    return _decided_reklame(
        reklame, siti, applicant, front_office, reviewer_dpupr, signing_official
    )


@pytest.fixture
def rejected(reklame, siti, applicant, front_office, reviewer_dpupr, signing_official):
    """The reklame case, filed, reviewed and rejected: it has ended."""
    return _decided_reklame(
        reklame,
        siti,
        applicant,
        front_office,
        reviewer_dpupr,
        signing_official,
        reason="Lokasi di jalur hijau",
    )
