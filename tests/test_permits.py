"""Issuing permits: numbered, rendered, PAdES-signed, verifiable by anyone, revocable."""

import datetime
import hashlib
import os
import re
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import signing
from core.audit import audit_verify
from core.models import NumberSequence
from licensing import domain, issuance
from licensing.models import Permit, Status, TaskStatus
from org.domain import signing_credential_install
from tests import factories
from tests.licensing_fixtures import *  # noqa: F403 - fixtures
from tests.licensing_fixtures import PASSPHRASE, pdf

# CI installs the tools; elsewhere the tests that need them are skipped, and say so.
NEEDS_TOOLS = os.environ.get("REQUIRE_PDF_TOOLS") != "1"


@pytest.fixture
def approved(
    parkir, siti, applicant, front_office, reviewer_dpupr, reviewer_dishub, signing_official
):
    application = domain.application_start(owner=applicant, person=siti, service=parkir)
    domain.application_fill(
        application=application,
        actor=applicant,
        values={"lokasi": "Jl. Ijen 10", "luas_m2": "120"},
        attachments={
            requirement: pdf() for requirement in application.service_version.requirement_list()
        },
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
    application.refresh_from_db()
    return application


def _bytes(permit) -> bytes:
    with permit.pdf.open("rb") as file:
        return file.read()


def _signing_task(application):
    return application.tasks.get(stage=4)


def test_approval_opens_a_signing_task_for_the_official(approved, signing_official):
    task = _signing_task(approved)
    assert approved.status == Status.APPROVED
    assert (task.name, task.role, task.status, task.budget_days) == (
        "Tanda tangani izin",
        "signing_official",
        TaskStatus.OPEN,
        1,
    )


def test_a_wrong_passphrase_leaves_the_case_approved_unsigned_and_takes_no_number(
    approved, signing_official, signing_key
):
    with pytest.raises(domain.ActionRefusedError) as refused:
        issuance.permit_issue(
            task=_signing_task(approved), actor=signing_official, passphrase="salah"
        )
    assert refused.value.messages == ["Frasa sandi penandatanganan salah."]
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED
    assert _signing_task(approved).status == TaskStatus.OPEN
    assert Permit.objects.count() == 0
    assert not NumberSequence.objects.filter(scope__startswith="permit:").exists()


def test_an_expired_certificate_refuses_with_its_dates(
    approved, signing_official, region, authority
):
    p12 = signing.signer_certificate_issue(
        authority,
        name="Drs. Hadi Santoso",
        organization=region.name,
        passphrase=PASSPHRASE,
        not_before=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
        days=365,
    )
    signing_credential_install(user=signing_official, region=region, p12=p12, passphrase=PASSPHRASE)
    with pytest.raises(domain.ActionRefusedError) as refused:
        issuance.permit_issue(
            task=_signing_task(approved), actor=signing_official, passphrase=PASSPHRASE
        )
    assert refused.value.messages == [
        "Sertifikat penandatanganan tidak berlaku hari ini (berlaku 2020-01-01 sampai 2020-12-31)."
    ]
    assert (Permit.objects.count(), Status.APPROVED) == (0, approved.status)


def test_signing_issues_a_numbered_permit_whose_signature_holds(
    approved, signing_official, signing_key, settings
):
    permit = issuance.permit_issue(
        task=_signing_task(approved), actor=signing_official, passphrase=PASSPHRASE
    )
    approved.refresh_from_db()
    assert approved.status == Status.ISSUED
    assert permit.number == f"503/0001/izin-parkir/{permit.valid_from.year}"
    assert (permit.holder_name, permit.signer_name, permit.signer_position) == (
        "Siti Rahmawati",
        "Drs. Hadi Santoso",
        "Kepala DPMPTSP",
    )
    assert permit.valid_until is None  # the service's product does not expire
    data = _bytes(permit)
    assert hashlib.sha256(data).hexdigest() == permit.sha256
    check = signing.pdf_check(data, trust_roots=issuance.trust_roots())
    assert (check.ok, check.covers_whole_file, check.signer) == (True, True, "Drs. Hadi Santoso")
    assert audit_verify() is None


@pytest.mark.skipif(
    NEEDS_TOOLS and not shutil.which("pdfsig"), reason="needs poppler-utils (CI installs it)"
)
def test_an_independent_verifier_accepts_the_signature(
    approved, signing_official, signing_key, tmp_path
):
    permit = issuance.permit_issue(
        task=_signing_task(approved), actor=signing_official, passphrase=PASSPHRASE
    )
    path = tmp_path / "izin.pdf"
    path.write_bytes(_bytes(permit))
    report = subprocess.run(  # noqa: S603 - fixed programs
        [shutil.which("pdfsig"), str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert "Signature Validation: Signature is Valid." in report
    assert "Signer Certificate Common Name: Drs. Hadi Santoso" in report
    assert "Total document signed" in report


@pytest.mark.skipif(
    NEEDS_TOOLS and not (shutil.which("pdftoppm") and shutil.which("zbarimg")),
    reason="needs poppler-utils and zbar-tools (CI installs them)",
)
def test_the_qr_code_holds_the_verification_address(
    approved, signing_official, signing_key, tmp_path
):
    permit = issuance.permit_issue(
        task=_signing_task(approved), actor=signing_official, passphrase=PASSPHRASE
    )
    (tmp_path / "izin.pdf").write_bytes(_bytes(permit))
    subprocess.run(  # noqa: S603 - fixed programs
        [
            shutil.which("pdftoppm"),
            "-r",
            "150",
            "-png",
            str(tmp_path / "izin.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    decoded = subprocess.run(  # noqa: S603 - fixed programs
        [
            shutil.which("zbarimg"),
            "--quiet",
            "--raw",
            *map(str, sorted(tmp_path.glob("page*.png"))),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert decoded == [issuance.verification_url(permit)]
    assert re.fullmatch(r"http://127\.0\.0\.1:8000/verifikasi/[\w-]{24}/", decoded[0])


def test_the_verification_page_checks_uploads_and_shows_revocation(
    client, approved, signing_official, signing_key
):
    permit = issuance.permit_issue(
        task=_signing_task(approved), actor=signing_official, passphrase=PASSPHRASE
    )
    url = reverse("portal:verify", args=[permit.code])
    page = client.get(url)
    assert page.context["status"] == "active"
    assert page.context["masked_holder"] == "S*** R********"
    assert "Rahmawati" not in page.text
    data = _bytes(permit)

    genuine = client.post(url, {"file": SimpleUploadedFile("izin.pdf", data)})
    assert (genuine.context["check"].ok, genuine.context["same_file"]) == (True, True)

    changed = bytearray(data)
    changed[len(data) // 4] ^= 0x01  # one byte inside the signed range
    forged = client.post(url, {"file": SimpleUploadedFile("izin.pdf", bytes(changed))})
    assert (forged.context["check"].ok, forged.context["check"].intact) == (False, False)
    assert forged.context["same_file"] is False

    client.force_login(signing_official)
    client.post(
        reverse("backoffice:permit_revoke", args=[permit.pk]),
        {"reason": "Lokasi dipakai untuk jalur sepeda."},
    )
    client.logout()
    revoked = client.get(url)
    assert revoked.context["status"] == "revoked"
    assert "Lokasi dipakai untuk jalur sepeda." in revoked.text


def test_a_permit_download_is_404_to_another_applicant(
    client, approved, signing_official, signing_key, region, applicant
):
    permit = issuance.permit_issue(
        task=_signing_task(approved), actor=signing_official, passphrase=PASSPHRASE
    )
    url = reverse("portal:permit_download", args=[permit.pk])
    client.force_login(factories.make_user("budi"))
    assert client.get(url).status_code == 404
    client.force_login(applicant)
    own = client.get(url)
    assert b"".join(own.streaming_content) == _bytes(permit)


def test_a_region_admin_installs_an_officials_key_and_a_wrong_passphrase_saves_nothing(
    client, region_admin, region, signing_official, authority
):
    from org.models import SigningCredential

    p12 = signing.signer_certificate_issue(
        authority, name="Drs. Hadi Santoso", organization=region.name, passphrase=PASSPHRASE
    )
    client.force_login(region_admin)
    url = reverse("admin:org_signingcredential_add")

    def post(passphrase):
        return client.post(
            url,
            {
                "user": signing_official.pk,
                "region": region.pk,
                "p12_file": SimpleUploadedFile("kepala.p12", p12),
                "passphrase": passphrase,
            },
        )

    refused = post("salah")
    assert refused.context["adminform"].form.non_field_errors() == [
        "Frasa sandi salah, atau berkas ini bukan berkas PKCS#12."
    ]
    assert SigningCredential.objects.count() == 0
    assert post(PASSPHRASE).status_code == 302
    installed = SigningCredential.objects.get()
    assert (installed.user, installed.common_name, installed.active) == (
        signing_official,
        "Drs. Hadi Santoso",
        True,
    )
    assert bytes(installed.p12) == p12
