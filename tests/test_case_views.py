"""The applicant's and staff's pages: who sees what, double submits, uploads, tracking."""

import datetime
import hashlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.urls import reverse

from core.models import Notification
from licensing import domain
from licensing.models import Application, Document
from org.models import Person
from tests import factories
from tests.licensing_fixtures import *  # noqa: F403 - fixtures
from tests.licensing_fixtures import PDF, pdf

# A real 1 × 1 PNG: uploads are opened to be checked, so a bare signature is refused.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def case(parkir, siti, applicant, front_office):
    """A submitted application with its documents, and its PIN."""
    application = domain.application_start(owner=applicant, person=siti, service=parkir)
    application.form_data = {"lokasi": "Jl. Ijen 10", "luas_m2": "120"}
    application.save()
    for requirement in application.service_version.requirements.all():
        document = domain.document_upload(
            owner=applicant, document_type=requirement.document_type, upload=pdf()
        )
        domain.application_attach(
            application=application, requirement=requirement, document=document
        )
    application, pin = domain.application_submit(application=application, actor=applicant)
    return application, pin


@pytest.fixture
def other_applicant(region):
    user = factories.make_user("budi")
    Person.objects.create(
        region=region, user=user, nik="3573022103850001", name="Budi", address="Malang"
    )
    return user


def test_involved_staff_see_the_case_and_its_documents(client, case, front_office):
    application, _pin = case
    client.force_login(front_office)
    response = client.get(reverse("backoffice:case", args=[application.pk]))
    assert response.status_code == 200
    assert "Siti Rahmawati (NIK 3573014508900002)" in response.text
    document = application.documents.first().document
    file_response = client.get(reverse("portal:document", args=[document.pk]))
    assert (file_response.status_code, file_response["Content-Type"]) == (200, "application/pdf")
    assert b"".join(file_response.streaming_content).startswith(b"%PDF-")


def test_staff_of_an_uninvolved_agency_get_404_for_case_and_documents(
    client, case, reviewer_dinkes
):
    application, _pin = case
    client.force_login(reviewer_dinkes)
    assert client.get(reverse("backoffice:case", args=[application.pk])).status_code == 404
    document = application.documents.first().document
    assert client.get(reverse("portal:document", args=[document.pk])).status_code == 404
    task = application.tasks.get(stage=1)
    response = client.post(
        reverse("backoffice:task_action", args=[application.pk, task.pk, "terima"])
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == "submitted"


def test_other_applicants_get_404_for_application_and_documents(client, case, other_applicant):
    application, _pin = case
    client.force_login(other_applicant)
    for name in ("application_detail", "application_edit", "application_receipt"):
        assert client.get(reverse(f"portal:{name}", args=[application.pk])).status_code == 404
    document = application.documents.first().document
    assert client.get(reverse("portal:document", args=[document.pk])).status_code == 404
    response = client.post(reverse("portal:application_withdraw", args=[application.pk]))
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == "submitted"


def test_the_owner_sees_the_application_with_due_date(client, case, applicant):
    application, _pin = case
    client.force_login(applicant)
    response = client.get(reverse("portal:application_detail", args=[application.pk]))
    assert response.context["application"] == application
    assert application.registration_number in response.text


def test_submitting_twice_over_http_makes_one_application(client, parkir, siti, applicant):
    client.force_login(applicant)
    client.post(reverse("portal:application_new", args=["izin-parkir"]))
    application = Application.objects.get()
    application.form_data = {"lokasi": "Jl. Ijen 10", "luas_m2": "120"}
    application.save()
    for requirement in application.service_version.requirements.all():
        document = domain.document_upload(
            owner=applicant, document_type=requirement.document_type, upload=pdf()
        )
        domain.application_attach(
            application=application, requirement=requirement, document=document
        )
    url = reverse("portal:application_submit", args=[application.pk])
    first = client.post(url)
    second = client.post(url)
    assert first["Location"] == second["Location"] == f"/permohonan/{application.pk}/tanda-terima/"
    receipt = client.get(first["Location"])
    again = client.get(first["Location"])
    assert Application.objects.count() == 1
    assert re.fullmatch(r"\d{6}", receipt.context["pin"])
    assert again.context["pin"] is None  # the PIN is shown once
    application.refresh_from_db()
    assert application.registration_number.endswith("/000001")


def _draft_over_http(client, applicant):
    client.force_login(applicant)
    client.post(reverse("portal:application_new", args=["izin-parkir"]))
    application = Application.objects.get()
    ktp, denah = application.service_version.requirements.order_by("order")
    return application, ktp, denah


def test_saving_a_draft_stores_answers_and_both_uploads_in_one_step(
    client, parkir, siti, applicant
):
    application, ktp, denah = _draft_over_http(client, applicant)
    response = client.post(
        reverse("portal:application_edit", args=[application.pk]),
        {
            "f-lokasi": "Jl. Ijen 10",
            "f-luas_m2": "120,5",
            f"doc-{ktp.pk}": pdf("ktp saya.pdf"),
            f"doc-{denah.pk}": SimpleUploadedFile("denah.png", PNG, content_type="image/png"),
            "review": "1",
        },
    )
    assert response["Location"] == f"/permohonan/{application.pk}/tinjau/"
    application.refresh_from_db()
    assert application.form_data == {"lokasi": "Jl. Ijen 10", "luas_m2": "120,5"}
    attached = {
        a.requirement_id: (a.document.content_type, a.document.sha256, a.document.in_locker)
        for a in application.documents.select_related("document")
    }
    assert attached == {
        ktp.pk: ("application/pdf", hashlib.sha256(PDF).hexdigest(), True),
        denah.pk: ("image/png", hashlib.sha256(PNG).hexdigest(), False),
    }
    assert domain.application_errors(application) == {}


def test_one_refused_upload_saves_nothing_of_the_whole_form(
    client, parkir, siti, applicant, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    application, ktp, denah = _draft_over_http(client, applicant)
    response = client.post(
        reverse("portal:application_edit", args=[application.pk]),
        {
            "f-lokasi": "Jl. Ijen 10",
            "f-luas_m2": "120",
            f"doc-{ktp.pk}": pdf(),
            f"doc-{denah.pk}": SimpleUploadedFile("denah.pdf", b"MZ\x90\x00program"),
        },
    )
    assert response.status_code == 200
    rows = {row["requirement"].pk: row["errors"] for row in response.context["rows"]}
    assert rows == {
        ktp.pk: [],
        denah.pk: [
            "Hanya berkas PDF, JPEG, atau PNG yang diterima; berkas ini bukan salah satunya."
        ],
    }
    assert [str(m) for m in response.context["messages"]] == [
        "Belum ada yang tersimpan: perbaiki dokumen yang ditandai, lalu pilih berkasnya lagi."
    ]
    application.refresh_from_db()
    assert application.form_data == {}
    assert (Document.objects.count(), application.documents.count()) == (0, 0)
    assert list(tmp_path.rglob("*.*")) == []


def test_a_returned_application_refuses_a_document_that_was_not_flagged(
    parkir, siti, applicant, front_office, case
):
    application, _pin = case
    ktp, denah = application.service_version.requirements.order_by("order")
    task = application.tasks.get(stage=1)
    domain.application_return(
        task=task, actor=front_office, items=[{"requirement": denah, "note": "Kurang jelas"}]
    )
    application.refresh_from_db()
    with pytest.raises(domain.ActionRefusedError) as refused:
        domain.application_fill(
            application=application, actor=applicant, values={}, attachments={ktp: pdf()}
        )
    assert refused.value.messages == ["Saat ini hanya dokumen yang ditandai yang dapat diubah."]
    assert Document.objects.count() == 2  # the two of the submission, nothing new


def test_a_disguised_file_is_refused_and_nothing_is_stored(
    client, region, applicant, parkir, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(applicant)
    ktp = parkir.published_version.requirements.get(document_type__code="ktp").document_type
    response = client.post(
        reverse("portal:locker"),
        {"document_type": ktp.pk, "file": SimpleUploadedFile("ktp.pdf", b"MZ\x90\x00program")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "file": ["Hanya berkas PDF, JPEG, atau PNG yang diterima; berkas ini bukan salah satunya."]
    }
    assert Document.objects.count() == 0
    assert list(tmp_path.rglob("*.*")) == []


def test_tracking_shows_stages_without_personal_data(client, case):
    application, pin = case
    response = client.post(
        reverse("portal:track"), {"number": application.registration_number, "pin": pin}
    )
    assert response.context["application"] == application
    assert response.context["masked_name"] == "S*** R********"
    assert "Rahmawati" not in response.text
    assert "3573014508900002" not in response.text
    assert [stage["name"] for stage in response.context["stages"]] == [
        "Pemeriksaan kelengkapan",
        "Kajian teknis",
        "Keputusan",
    ]


def test_wrong_pins_are_rate_limited_even_for_the_right_pin_afterwards(client, case):
    application, pin = case
    wrong = "000000" if pin != "000000" else "111111"
    for _ in range(5):
        response = client.post(
            reverse("portal:track"), {"number": application.registration_number, "pin": wrong}
        )
        assert response.context["form"].non_field_errors() == [
            "Nomor registrasi dan PIN tidak cocok."
        ]
    response = client.post(
        reverse("portal:track"), {"number": application.registration_number, "pin": pin}
    )
    assert response.context["application"] is None
    assert response.context["form"].non_field_errors() == [
        "Terlalu banyak percobaan yang salah. Coba lagi 15 menit lagi."
    ]


def test_signup_waits_for_the_emailed_link(client, region):
    response = client.post(
        reverse("portal:signup"),
        {
            "name": "Ani Wijaya",
            "email": "Ani@Example.id",
            "password1": "kopi-tubruk-88",
            "password2": "kopi-tubruk-88",
        },
    )
    assert response.status_code == 200
    message = Notification.objects.get(recipient="ani@example.id")
    link = re.search(r"https?://\S+", message.body)[0]
    # Axes counts sign-ins per request: a sign-in outside a view passes one.
    credentials = {"request": HttpRequest(), "username": "ani@example.id"}
    assert not client.login(**credentials, password="kopi-tubruk-88")
    assert client.get(link).status_code == 302
    assert client.login(**credentials, password="kopi-tubruk-88")


def test_signup_refuses_a_bad_link_and_never_says_an_email_is_taken(client, region, applicant):
    assert client.get(reverse("portal:activate", args=["MQ", "salah-token"])).status_code == 400
    response = client.post(
        reverse("portal:signup"),
        {"name": "Siti", "email": "siti@example.id", "password1": "a", "password2": "b"},
    )
    applicant.username = "siti@example.id"
    applicant.save()
    response = client.post(
        reverse("portal:signup"),
        {
            "name": "Siti",
            "email": "siti@example.id",
            "password1": "kopi-tubruk-88",
            "password2": "kopi-tubruk-88",
        },
    )
    # The same answer as for a new address (portal.accounts.account_sign_up); no account.
    assert response.templates[0].name == "portal/signup_sent.html"
    assert get_user_model().objects.filter(email="siti@example.id").count() == 1


def test_inbox_lists_my_tasks_with_counts_and_filters(client, case, front_office, region):
    application, _pin = case
    client.force_login(front_office)
    response = client.get(reverse("backoffice:home"))
    assert [task.application for task, _state in response.context["rows"]] == [application]
    assert response.context["counts"]["all"] == 1
    response = client.get(reverse("backoffice:home"), {"sla": "overdue"})
    assert response.context["rows"] == []


def test_inbox_of_another_role_is_empty(client, case, reviewer_dpupr):
    client.force_login(reviewer_dpupr)
    response = client.get(reverse("backoffice:home"))
    assert (response.context["rows"], response.context["counts"]["all"]) == ([], 0)


def test_bad_bap_input_is_explained_and_changes_nothing(
    client, case, front_office, reviewer_dpupr, dpupr
):
    application, _pin = case
    domain.application_accept(task=application.tasks.get(stage=1), actor=front_office)
    task = application.tasks.get(stage=2, agency=dpupr)
    domain.inspection_request(task=task, actor=reviewer_dpupr)
    client.force_login(reviewer_dpupr)
    url = reverse("backoffice:task_action", args=[application.pk, task.pk, "bap"])
    tomorrow = (application.region.today() + datetime.timedelta(days=1)).isoformat()
    for data, message in [
        ({"inspected_on": "kemarin"}, "Isi tanggal pemeriksaan."),
        (
            {"inspected_on": tomorrow, "inspectors": "A", "findings": "B"},
            "Tanggal pemeriksaan tidak boleh di masa depan.",
        ),
        (
            {"inspected_on": "2026-01-05", "inspectors": "", "findings": ""},
            "BAP menyebut para pemeriksa dan mencatat temuan.",
        ),
    ]:
        response = client.post(url, data, follow=True)
        assert [str(m) for m in response.context["messages"]] == [message]
    task.inspection.refresh_from_db()
    assert task.inspection.filed_at is None


def test_signing_in_before_confirming_resends_the_link(client, region):
    client.post(
        reverse("portal:signup"),
        {
            "name": "Ani",
            "email": "ani@example.id",
            "password1": "kopi-tubruk-88",
            "password2": "kopi-tubruk-88",
        },
    )
    response = client.post(
        reverse("login"), {"username": "ANI@example.id", "password": "kopi-tubruk-88"}
    )
    assert response.context["form"].non_field_errors() == [
        "Akun ini belum dikonfirmasi. Kami mengirim ulang tautan konfirmasi ke email Anda; "
        "buka tautan itu, lalu masuk."
    ]
    assert Notification.objects.filter(recipient="ani@example.id").count() == 2


def test_a_taken_nik_is_a_form_error_not_a_crash(client, region, siti, other_applicant):
    client.force_login(other_applicant)
    Person.objects.filter(user=other_applicant).delete()
    response = client.post(
        reverse("portal:profile"),
        {
            "p-nik": siti.nik,
            "p-name": "Orang Lain",
            "p-address": "Malang",
            "p-phone": "",
            "p-email": "",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"nik": ["Pemohon dengan NIK ini sudah terdaftar."]}


def test_signing_in_from_the_apply_button_returns_to_the_service(client, parkir, applicant):
    client.force_login(applicant)
    response = client.get(reverse("portal:application_new", args=["izin-parkir"]))
    assert response["Location"] == "/layanan/izin-parkir/"


def test_staff_sign_in_with_their_email_whatever_the_case(client, front_office):
    response = client.post(
        reverse("login"), {"username": "Dewi.FO@Example.id", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(front_office.pk)


def test_the_front_office_finds_applications_waiting_for_the_applicant(client, case, front_office):
    application, _pin = case
    domain.application_return(
        task=application.tasks.get(stage=1),
        actor=front_office,
        items=[{"field_key": "lokasi", "note": "Alamat kurang lengkap."}],
    )
    client.force_login(front_office)
    response = client.get(reverse("backoffice:home"))
    assert (response.context["counts"]["all"], response.context["counts"]["paused"]) == (0, 1)
    response = client.get(reverse("backoffice:home"), {"sla": "paused"})
    assert [task.application for task, _state in response.context["rows"]] == [application]
    assert "Menunggu pemohon" in response.text


def _stored_files(settings) -> set[str]:
    root = settings.MEDIA_ROOT
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def test_a_refused_bap_leaves_no_photo_behind(
    client, case, front_office, reviewer_dpupr, dpupr, settings
):
    application, _pin = case
    domain.application_accept(task=application.tasks.get(stage=1), actor=front_office)
    task = application.tasks.get(stage=2, agency=dpupr)
    domain.inspection_request(task=task, actor=reviewer_dpupr)
    client.force_login(reviewer_dpupr)
    url = reverse("backoffice:task_action", args=[application.pk, task.pk, "bap"])
    documents, files = Document.objects.count(), _stored_files(settings)
    for data, message in [
        (  # the report is refused: the good photo with it is not kept
            {"inspected_on": "2026-01-05", "inspectors": "", "findings": "", "photos": [PNG]},
            "BAP menyebut para pemeriksa dan mencatat temuan.",
        ),
        (  # the second photo is refused: the first is not kept either
            {
                "inspected_on": "2026-01-05",
                "inspectors": "A",
                "findings": "B",
                "photos": [PNG, b"x"],
            },
            None,
        ),
    ]:
        data["photos"] = [
            SimpleUploadedFile(f"foto-{n}.png", content, content_type="image/png")
            for n, content in enumerate(data["photos"])
        ]
        response = client.post(url, data, follow=True)
        errors = [str(m) for m in response.context["messages"]]
        assert len(errors) == 1
        if message:
            assert errors == [message]
        assert (Document.objects.count(), _stored_files(settings)) == (documents, files)
    task.inspection.refresh_from_db()
    assert task.inspection.filed_at is None


def test_a_filed_bap_keeps_its_photos(client, case, front_office, reviewer_dpupr, dpupr):
    application, _pin = case
    domain.application_accept(task=application.tasks.get(stage=1), actor=front_office)
    task = application.tasks.get(stage=2, agency=dpupr)
    domain.inspection_request(task=task, actor=reviewer_dpupr)
    client.force_login(reviewer_dpupr)
    client.post(
        reverse("backoffice:task_action", args=[application.pk, task.pk, "bap"]),
        {
            "inspected_on": "2026-01-05",
            "inspectors": "Fajar",
            "findings": "Sesuai denah.",
            "photos": [SimpleUploadedFile("lokasi.png", PNG, content_type="image/png")],
        },
    )
    task.inspection.refresh_from_db()
    photos = list(task.inspection.photos.all())
    assert [(p.owner, p.document_type.code, p.sha256, p.file.size) for p in photos] == [
        (reviewer_dpupr, "foto-bap", hashlib.sha256(PNG).hexdigest(), len(PNG))
    ]
