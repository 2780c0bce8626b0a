"""Fixed personas: a region with three agencies and the people who work in it."""

import io

import pytest
from django.utils import translation

from catalog.models import forget_published_parts
from org.domain import staff_role_grant
from org.middleware import forget_region
from org.models import Role
from planning.nomenclature import nomenclature_import
from tests import factories


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own folder, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SATUPINTU_PKI_DIR = tmp_path / "pki"
    settings.SATUPINTU_TRUST_ROOTS = [str(tmp_path / "pki" / "ca.pem")]
    # The audit heads a test publishes stay with it (a demo's anchors would not match).
    settings.SATUPINTU_AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.jsonl"


@pytest.fixture(autouse=True)
def fresh_region_cache():
    """Each test starts without the previous test's served region (rolled back since)."""
    forget_region()
    forget_published_parts()
    yield
    forget_region()
    forget_published_parts()


@pytest.fixture(autouse=True)
def indonesian():
    """Tests read as the interface speaks: Indonesian first."""
    with translation.override("id"):
        yield


@pytest.fixture
def region(db, settings):
    settings.DEFAULT_REGION_CODE = "35.73"
    return factories.make_region(code="35.73", name="Kota Uji")


@pytest.fixture
def other_region(db):
    """A second region whose data must never show up in the first one's pages."""
    return factories.make_region(code="35.07", name="Kabupaten Lain", kind="kabupaten")


@pytest.fixture
def dpmptsp(region):
    return factories.make_agency(
        region,
        short_name="DPMPTSP",
        name="Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        unit_code="2.18.0.00.0.00.01.0000",
    )


@pytest.fixture
def dinkes(region):
    return factories.make_agency(
        region, short_name="Dinkes", name="Dinas Kesehatan", unit_code="1.02.0.00.0.00.01.0000"
    )


@pytest.fixture
def dpupr(region):
    return factories.make_agency(
        region,
        short_name="DPUPR",
        name="Dinas Pekerjaan Umum dan Penataan Ruang",
        unit_code="1.03.1.04.0.00.01.0000",
    )


@pytest.fixture
def front_office(dpmptsp):
    return factories.make_staff("dewi.fo", dpmptsp, Role.FRONT_OFFICE)


@pytest.fixture
def reviewer_dinkes(dinkes):
    return factories.make_staff("budi.dinkes", dinkes, Role.TECHNICAL_REVIEWER)


@pytest.fixture
def reviewer_dpupr(dpupr):
    return factories.make_staff("agus.dpupr", dpupr, Role.TECHNICAL_REVIEWER)


@pytest.fixture
def signing_official(dpmptsp):
    return factories.make_staff(
        "kepala.dpmptsp",
        dpmptsp,
        Role.SIGNING_OFFICIAL,
        position="Kepala DPMPTSP",
        nip="197001012000031001",
    )


@pytest.fixture
def planner(dpmptsp):
    return factories.make_staff("perencana", dpmptsp, Role.PLANNER)


@pytest.fixture
def codes():
    return nomenclature_import(
        name="Uji",
        file=io.BytesIO(
            b"kode,nomenklatur\n1.02.02.2.01.0001,Pelayanan Kesehatan Ibu Hamil\n"
            b"1.03.03.2.01.0001,Pembangunan Jalan\n"
        ),
        filename="k.csv",
    )


@pytest.fixture
def region_admin(dpmptsp):
    user = factories.make_user("rina.admin")
    staff_role_grant(user=user, agency=dpmptsp, role=Role.REGION_ADMIN)
    return user


@pytest.fixture
def applicant(db):
    return factories.make_user("siti", first_name="Siti", last_name="Rahmawati")
