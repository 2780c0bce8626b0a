"""Stored files are checked against their SHA-256 when served and by `files_verify`; files
of a rolled-back transaction do not stay behind; `files_sweep` removes old orphans."""

import hashlib
import io
import os
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from core.files import files_atomic
from core.models import AuditEvent
from feedback import complaints
from feedback.models import Classification
from licensing import domain, retribusi
from licensing.models import Bill, Document
from tests import factories
from tests.licensing_fixtures import *  # noqa: F403 - fixtures
from tests.licensing_fixtures import PDF, pdf

FORGED = b"%PDF-1.7\n% a different person's KTP\n%%EOF\n"


@pytest.fixture
def ktp(region, applicant):
    document_type = factories.make_document_type(region, "ktp", "KTP-el", is_identity=True)
    return domain.document_upload(
        owner=applicant, document_type=document_type, upload=pdf("ktp-siti.pdf")
    )


def _complaint_with_evidence(region):
    """An anonymous complaint with one PDF attached."""
    complaint, _secret = complaints.complaint_file(
        region=region,
        classification=Classification.COMPLAINT,
        title="Lambat",
        what_happened="Tiga minggu.",
        anonymous=True,
        attachments=[pdf("bukti.pdf")],
    )
    return complaint


def _overwrite(field_file, content: bytes) -> None:
    Path(field_file.path).write_bytes(content)


def test_an_intact_document_is_served_with_its_own_bytes(client, applicant, ktp):
    client.force_login(applicant)
    response = client.get(f"/dokumen/{ktp.pk}/")
    assert (response.status_code, b"".join(response.streaming_content)) == (200, PDF)
    assert (response["Content-Length"], response["Content-Disposition"]) == (
        str(len(PDF)),
        'inline; filename="ktp-siti.pdf"',
    )
    assert (response["Cache-Control"], response["X-Content-Type-Options"]) == (
        "private, no-store",
        "nosniff",
    )


def test_an_overwritten_ktp_scan_is_refused_and_audited(client, applicant, ktp):
    _overwrite(ktp.file, FORGED)
    client.force_login(applicant)

    response = client.get(f"/dokumen/{ktp.pk}/", REMOTE_ADDR="203.0.113.20")

    assert response.status_code == 410
    assert FORGED not in response.content
    assert response.context["title"] == "Berkas tidak dapat ditampilkan"
    event = AuditEvent.objects.get(action="file_tampered")
    assert (event.object_type, event.object_id, event.actor, event.client_address) == (
        "licensing.document",
        str(ktp.pk),
        applicant,
        "203.0.113.20",
    )
    assert event.data == {"name": ktp.file.name, "expected_sha256": ktp.sha256}


def test_a_stored_file_gone_from_disk_is_refused_not_a_500(client, applicant, ktp):
    os.remove(ktp.file.path)
    client.force_login(applicant)
    response = client.get(f"/dokumen/{ktp.pk}/")
    assert (response.status_code, response.context["title"]) == (
        410,
        "Berkas tidak dapat ditampilkan",
    )
    assert AuditEvent.objects.filter(action="file_missing").count() == 1


def test_files_verify_names_the_overwritten_scan(ktp):
    other = domain.document_upload(
        owner=ktp.owner, document_type=ktp.document_type, upload=pdf("npwp.pdf")
    )
    _overwrite(ktp.file, FORGED)
    out = io.StringIO()

    with pytest.raises(CommandError, match="1 of 2 stored files failed the check"):
        call_command("files_verify", stdout=out)

    assert out.getvalue().splitlines() == [
        f"licensing.document #{ktp.pk} {ktp.file.name}: content changed (SHA-256 differs)"
    ]
    assert other.file.name not in out.getvalue()


def test_files_verify_checks_complaint_attachments_by_their_digest(region):
    complaint = _complaint_with_evidence(region)
    attachment = complaint.attachments.get()
    out = io.StringIO()
    call_command("files_verify", stdout=out)
    assert out.getvalue() == "Stored files intact: 1 checked.\n"
    _overwrite(attachment.file, PDF.replace(b"1.7", b"1.4"))  # same size, other bytes
    with pytest.raises(CommandError, match="1 of 1 stored files failed the check"):
        call_command("files_verify", stdout=io.StringIO())


def test_audit_verify_reports_the_stored_files_too(ktp):
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert out.getvalue().splitlines()[-1] == "Stored files intact: 1 checked."
    _overwrite(ktp.file, FORGED)
    with pytest.raises(CommandError, match=f"licensing.document #{ktp.pk} .*content changed"):
        call_command("audit_verify", stdout=io.StringIO())


@pytest.fixture
def billed(approved_reklame, treasurer):
    return retribusi.bill_issue(task=approved_reklame.tasks.get(stage=4), actor=treasurer)


def test_the_skrd_keeps_its_digest_and_a_tampered_one_is_refused(client, applicant, billed):
    with billed.pdf.open("rb") as file:
        original = file.read()
    assert len(billed.sha256) == 64
    client.force_login(applicant)
    served = client.get(f"/skrd/{billed.pk}/unduh/")
    assert b"".join(served.streaming_content) == original
    assert served["Content-Disposition"] == (
        f'attachment; filename="skrd-{billed.number.replace("/", "-")}.pdf"'
    )
    _overwrite(billed.pdf, original + b"% one more line\n")
    refused = client.get(f"/skrd/{billed.pk}/unduh/")
    assert refused.status_code == 410
    tampered = AuditEvent.objects.filter(action="file_tampered", object_type="licensing.bill")
    assert tampered.count() == 1


# Defect 10: files of a rolled-back transaction ---------------------------------------------


def _media_files() -> list[str]:
    root = Path(default_storage.location)
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def test_a_rolled_back_upload_leaves_no_file(region, applicant):
    document_type = factories.make_document_type(region, "ktp", "KTP-el", is_identity=True)

    def upload_then_fail():
        with files_atomic():
            domain.document_upload(owner=applicant, document_type=document_type, upload=pdf())
            raise RuntimeError("the database failed after the file was written")

    with pytest.raises(RuntimeError):
        upload_then_fail()
    assert (Document.objects.count(), _media_files()) == (0, [])


def test_a_committed_upload_keeps_its_file(region, applicant):
    document_type = factories.make_document_type(region, "ktp", "KTP-el", is_identity=True)
    with files_atomic():
        document = domain.document_upload(
            owner=applicant, document_type=document_type, upload=pdf()
        )
    assert _media_files() == [document.file.name]


def test_a_rolled_back_outer_block_removes_the_inner_blocks_files(region, applicant):
    document_type = factories.make_document_type(region, "ktp", "KTP-el", is_identity=True)

    @files_atomic()
    def outer_step_fails_after_inner_commit():
        with files_atomic():
            domain.document_upload(owner=applicant, document_type=document_type, upload=pdf())
        raise RuntimeError("a later step of the same transaction failed")

    with pytest.raises(RuntimeError):
        outer_step_fails_after_inner_commit()
    assert _media_files() == []


def test_an_skrd_whose_transaction_fails_leaves_no_pdf(approved_reklame, treasurer):
    task = approved_reklame.tasks.get(stage=4)

    def issue_then_fail():
        with files_atomic():
            retribusi.bill_issue(task=task, actor=treasurer)  # writes the PDF, commits inside
            raise RuntimeError("the caller's transaction failed after the SKRD")

    with pytest.raises(RuntimeError):
        issue_then_fail()
    assert Bill.objects.count() == 0
    assert [name for name in _media_files() if name.startswith("skrd/")] == []


def _age(name: str, hours: float) -> None:
    path = Path(default_storage.path(name))
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_files_sweep_removes_only_old_unreferenced_files(ktp):
    orphan = default_storage.save("documents/9/orphan/ktp-lama.pdf", ContentFile(PDF))
    young = default_storage.save("documents/9/young/ktp-baru.pdf", ContentFile(PDF))
    for name in (orphan, ktp.file.name):
        _age(name, 30)
    _age(young, 2)

    dry = io.StringIO()
    call_command("files_sweep", "--dry-run", stdout=dry)
    assert dry.getvalue().splitlines() == [
        f"would remove {orphan}",
        "1 unreferenced file older than 24 hours (dry run: nothing removed).",
    ]
    assert _media_files() == sorted([orphan, young, ktp.file.name])

    out = io.StringIO()
    call_command("files_sweep", stdout=out)
    assert out.getvalue().splitlines() == [
        f"removed {orphan}",
        "1 unreferenced file older than 24 hours removed.",
    ]
    assert _media_files() == sorted([young, ktp.file.name])


def test_the_worker_sweeps_once_a_day(ktp):
    orphan = default_storage.save("documents/9/orphan/ktp-lama.pdf", ContentFile(PDF))
    _age(orphan, 30)
    out = io.StringIO()
    call_command("run_worker", "--once", stdout=out)
    assert "removed 1 unreferenced files" in out.getvalue().splitlines()
    again = default_storage.save("documents/9/orphan2/ktp-lama.pdf", ContentFile(PDF))
    _age(again, 30)
    call_command("run_worker", "--once", stdout=io.StringIO())
    assert _media_files() == sorted([again, ktp.file.name])


def test_a_complaint_attachment_changed_at_the_same_size_is_refused(client, region, dpmptsp):
    from django.urls import reverse

    from org.models import Role

    admin = factories.make_staff("admin.aduan", dpmptsp, Role.COMPLAINT_ADMIN)
    complaint = _complaint_with_evidence(region)
    attachment = complaint.attachments.get()
    url = reverse("backoffice:complaint_attachment", args=[complaint.pk, attachment.pk])
    client.force_login(admin)
    intact = client.get(url)
    assert b"".join(intact.streaming_content) == PDF
    _overwrite(attachment.file, PDF.replace(b"1.7", b"1.4"))  # same size, other bytes
    refused = client.get(url)
    assert (refused.status_code, refused.context["title"]) == (
        410,
        "Berkas tidak dapat ditampilkan",
    )


@pytest.mark.django_db(transaction=True)
def test_at_the_end_of_a_request_files_of_rolled_back_transactions_go(region, applicant):
    """Without files_atomic (an upload under a plain atomic): the request's end decides."""
    from django.core.signals import request_finished
    from django.db import transaction

    document_type = factories.make_document_type(region, "ktp", "KTP-el", is_identity=True)
    kept = domain.document_upload(owner=applicant, document_type=document_type, upload=pdf())

    def upload_then_fail():
        with transaction.atomic():
            domain.document_upload(owner=applicant, document_type=document_type, upload=pdf())
            raise RuntimeError("the database failed after the file was written")

    with pytest.raises(RuntimeError):
        upload_then_fail()
    assert len(_media_files()) == 2

    request_finished.send(sender=None)

    assert _media_files() == [kept.file.name]


def test_a_permit_whose_transaction_fails_leaves_no_pdf(
    approved_reklame, treasurer, signing_official, signing_key
):
    from licensing import issuance
    from licensing.models import Permit
    from tests.licensing_fixtures import PASSPHRASE

    bill = retribusi.bill_issue(task=approved_reklame.tasks.get(stage=4), actor=treasurer)
    retribusi.payment_confirm(bill=bill, actor=treasurer, reference="BNI-2", amount=bill.amount)
    task = approved_reklame.tasks.get(role="signing_official", status="open")

    def sign_then_fail():
        with files_atomic():
            issuance.permit_issue(task=task, actor=signing_official, passphrase=PASSPHRASE)
            raise RuntimeError("the caller's transaction failed after the signature")

    with pytest.raises(RuntimeError):
        sign_then_fail()
    assert Permit.objects.count() == 0
    assert [name for name in _media_files() if name.startswith("permits/")] == []


def test_the_refusal_page_keeps_the_sites_policy_and_the_file_its_own(client, applicant, ktp):
    """The file's strict policy (no styles) would leave the refusal page unstyled."""
    client.force_login(applicant)
    intact = client.get(f"/dokumen/{ktp.pk}/")
    assert b"".join(intact.streaming_content) == PDF
    _overwrite(ktp.file, FORGED)
    refused = client.get(f"/dokumen/{ktp.pk}/")
    assert intact["Content-Security-Policy"].startswith("default-src 'none'")
    assert "style-src 'self'" in refused["Content-Security-Policy"]
    assert "default-src 'none'" not in refused["Content-Security-Policy"]
    assert "unggah ulang dokumen dari loker" in refused.content.decode().lower()


def test_attachments_filed_before_digests_get_theirs_from_the_file(region):
    from importlib import import_module

    from django.apps import apps

    from feedback.models import ComplaintAttachment

    complaint = _complaint_with_evidence(region)
    ComplaintAttachment.objects.update(sha256="")  # as the rows filed before 0004
    import_module("feedback.migrations.0005_complaint_attachment_sha256_backfill").backfill(
        apps, None
    )
    assert complaint.attachments.get().sha256 == hashlib.sha256(PDF).hexdigest()
