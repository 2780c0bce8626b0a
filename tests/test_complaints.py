"""Complaints under SP4N-LAPOR! rules: filing, verification and routing, the agency's
answer within its tier, the rating, escalation, and what never leaks."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEvent, Notification
from feedback import complaints
from feedback.models import Classification, Complaint, ComplaintStatus, Tier
from org.models import Role
from tests import factories
from tests.licensing_fixtures import *  # noqa: F403 - fixtures
from tests.licensing_fixtures import pdf

pytestmark = pytest.mark.django_db

FORM = {
    "classification": Classification.COMPLAINT,
    "title": "Petugas meminta uang tambahan",
    "what_happened": "Di loket 3, petugas meminta Rp50.000 agar berkas cepat diproses.",
    "remedy_wanted": "Petugas ditegur dan uang dikembalikan.",
}


@pytest.fixture
def admin(dpmptsp):
    return factories.make_staff("admin.aduan", dpmptsp, Role.COMPLAINT_ADMIN)


@pytest.fixture
def liaison(dpupr):
    return factories.make_staff("penghubung.dpupr", dpupr, Role.COMPLAINT_LIAISON)


@pytest.fixture
def other_liaison(dishub):
    return factories.make_staff("penghubung.dishub", dishub, Role.COMPLAINT_LIAISON)


def _file(client, **fields):
    return client.post(reverse("portal:complaint_new"), {**FORM, **fields}, follow=True)


def test_a_confidential_complaint_about_a_case_is_routed_answered_and_rated(
    client, rejected, applicant, admin, liaison, other_liaison, dpupr, region
):
    client.force_login(applicant)
    filed = _file(
        client,
        application=rejected.pk,
        confidential="on",
        name="Siti Rahmawati",
        email="siti@example.id",
        attachments=[pdf("bukti.pdf")],
    )
    complaint = Complaint.objects.get()
    secret = filed.context["secret"]
    assert (complaint.number, complaint.status, complaint.confidential) == (
        f"ADU-3573-{region.today().year}-00001",
        ComplaintStatus.RECEIVED,
        True,
    )
    assert complaint.service == rejected.service_version.service
    assert complaint.verification_due_on == region.calendar().add_working_days(region.today(), 3)
    assert complaint.attachments.get().content_type == "application/pdf"
    assert list(
        Notification.objects.filter(dedup_key__startswith="complaint:").values_list(
            "recipient", "subject"
        )
    ) == [
        ("admin.aduan@example.id", f"Pengaduan baru {complaint.number}"),
        ("siti@example.id", f"Pengaduan {complaint.number} diterima"),
    ]

    # The admin verifies and routes to DPUPR as "normatif": five working days.
    client.force_login(admin)
    client.post(
        reverse("backoffice:complaint", args=[complaint.pk]),
        {"action": "route", "r-agency": dpupr.pk, "r-tier": Tier.NORMATIVE, "r-note": "Ke DPUPR"},
    )
    complaint.refresh_from_db()
    assert (complaint.status, complaint.agency, complaint.due_on) == (
        ComplaintStatus.ROUTED,
        dpupr,
        region.calendar().add_working_days(region.today(), 5),
    )

    # The liaison sees the complaint but never who filed it; another agency's does not.
    client.force_login(other_liaison)
    assert client.get(reverse("backoffice:complaint", args=[complaint.pk])).status_code == 404
    assert list(client.get(reverse("backoffice:complaints")).context["complaints"]) == []
    client.force_login(liaison)
    page = client.get(reverse("backoffice:complaint", args=[complaint.pk]))
    assert "Siti" not in page.text
    assert "siti@example.id" not in page.text
    assert rejected.registration_number not in page.text
    assert "rahasia: disembunyikan dari perangkat daerah" in page.text
    client.post(
        reverse("backoffice:complaint", args=[complaint.pk]),
        {"action": "plan", "t-text": "Kami periksa rekaman CCTV loket 3 minggu ini."},
    )
    client.post(
        reverse("backoffice:complaint", args=[complaint.pk]),
        {"action": "resolve", "t-text": "Petugas ditegur; uang dikembalikan."},
    )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RESOLVED
    assert list(complaint.events.values_list("status", flat=True)) == [
        ComplaintStatus.RECEIVED,
        ComplaintStatus.ROUTED,
        ComplaintStatus.FOLLOW_UP,
        ComplaintStatus.RESOLVED,
    ]

    # The complainant follows it with number and secret, and rates it once.
    client.logout()
    track = reverse("portal:complaint_track")
    shown = client.post(track, {"number": complaint.number, "secret": secret})
    assert shown.context["complaint"] == complaint
    assert "Petugas ditegur; uang dikembalikan." in shown.text
    rate = {"number": complaint.number, "secret": secret, "rate": "1"}
    unchosen = client.post(track, rate)
    assert "rating" in unchosen.context["rating_form"].errors  # no star: said, not ignored
    # The secret is read back whatever its case and without its dashes.
    client.post(track, {**rate, "secret": secret.lower().replace("-", ""), "rating": "4"})
    again = client.post(track, {**rate, "rating": "1"})
    assert again.context["rating_form"].non_field_errors() == [
        "Pengaduan ini sudah diberi penilaian."
    ]
    complaint.refresh_from_db()
    assert complaint.rating == 4
    wrong = client.post(track, {"number": complaint.number, "secret": "tebakan"})
    assert wrong.context["complaint"] is None

    # Confidential: not on the public page, not at its address.
    listing = client.get(reverse("portal:complaint_list"))
    assert complaint.number not in listing.text
    public = reverse("portal:complaint_public", args=[complaint.number])
    assert client.get(public).status_code == 404


def test_an_anonymous_report_keeps_no_identity_and_a_public_one_shows_no_personal_data(
    client, applicant, region, admin, dpupr
):
    client.force_login(applicant)
    _file(client, anonymous="on", name="Siti Rahmawati", email="siti@example.id")
    anonymous = Complaint.objects.get()
    assert (anonymous.user, anonymous.name, anonymous.email, anonymous.phone) == (None, "", "", "")
    assert Notification.objects.filter(dedup_key__contains="whatsapp").count() == 0
    client.logout()
    _file(client, title="Jalan berlubang", name="Budi Santoso", phone="0812-3450-0001")
    public = Complaint.objects.get(title="Jalan berlubang")
    assert public.phone == "+6281234500001"  # as WhatsApp reaches it
    # Published once verified: nothing shows before the admin has looked at it.
    listing = client.get(reverse("portal:complaint_list"))
    assert list(listing.context["page"]) == []
    for complaint in (public, anonymous):
        complaints.complaint_route(complaint=complaint, actor=admin, agency=dpupr, tier=Tier.LIGHT)
    listing = client.get(reverse("portal:complaint_list"))
    assert [c.number for c in listing.context["page"]] == [public.number, anonymous.number]
    page = client.get(reverse("portal:complaint_public", args=[public.number]))
    assert "Jalan berlubang" in page.text
    assert "Budi" not in page.text
    assert "+6281234500001" not in page.text


def test_bad_reports_are_refused_with_a_reason_and_save_nothing(client, applicant, rejected):
    refused = _file(client, name="")  # neither identity nor anonymous
    assert refused.context["form"].non_field_errors() == [
        "Tulis nama Anda dan e-mail atau nomor telepon, atau laporkan secara anonim."
    ]
    bad_file = _file(
        client,
        name="Budi",
        email="budi@example.id",
        attachments=[SimpleUploadedFile("x.pdf", b"MZ not a pdf")],
    )
    assert bad_file.context["form"].non_field_errors() == [
        "Hanya berkas PDF, JPEG, atau PNG yang diterima; berkas ini bukan salah satunya."
    ]
    other = factories.make_user("orang.lain")
    client.force_login(other)
    foreign = _file(client, name="Orang", email="o@example.id", application=rejected.pk)
    assert "application" in foreign.context["form"].errors  # not among its choices
    assert Complaint.objects.count() == 0


def test_a_report_filed_long_after_the_service_is_accepted_and_flagged(
    client, applicant, rejected, region
):
    rejected.decided_at -= datetime.timedelta(days=31)
    rejected.save(update_fields=["decided_at"])
    client.force_login(applicant)
    filed = _file(client, application=rejected.pk, name="Siti", email="siti@example.id")
    assert filed.context["complaint"].late_filing is True
    assert "lebih dari 30 hari" in filed.text


def test_overdue_complaints_are_escalated_once_to_the_admins(admin, region, dpupr):
    complaint, _secret = complaints.complaint_file(
        region=region, classification=Classification.COMPLAINT, title="Lambat",
        what_happened="Tiga minggu.",
        anonymous=True,
    )  # fmt: skip
    late = complaint.verification_due_on + datetime.timedelta(days=1)
    assert complaints.complaints_escalate(today=complaint.verification_due_on) == 0
    assert complaints.complaints_escalate(today=late) == 1
    assert complaints.complaints_escalate(today=late) == 0
    complaint.refresh_from_db()
    assert complaint.escalated is True
    assert list(
        Notification.objects.filter(recipient=admin.email).values_list("subject", flat=True)
    ) == [f"Pengaduan baru {complaint.number}", f"Pengaduan {complaint.number} terlambat"]


def test_only_the_admin_routes_and_only_the_agencys_liaison_answers(
    admin, liaison, other_liaison, region, dpupr
):
    complaint, _secret = complaints.complaint_file(
        region=region, classification=Classification.ASPIRATION, title="Taman",
        what_happened="Mohon taman.",
        anonymous=True,
    )  # fmt: skip
    with pytest.raises(complaints.ComplaintRefusedError):
        complaints.complaint_route(
            complaint=complaint, actor=liaison, agency=dpupr, tier=Tier.LIGHT
        )
    complaints.complaint_route(complaint=complaint, actor=admin, agency=dpupr, tier=Tier.LIGHT)
    with pytest.raises(complaints.ComplaintRefusedError):
        complaints.complaint_follow_up(complaint=complaint, actor=other_liaison, plan="Kami")
    with pytest.raises(complaints.ComplaintRefusedError) as refused:
        complaints.complaint_resolve(complaint=complaint, actor=liaison, answer="Selesai")
    assert refused.value.messages == [
        "Pengaduan ini berstatus diverifikasi dan dikirim ke perangkat daerah; "
        "tindakan itu tidak berlaku lagi."
    ]


def test_numbers_stay_unique_across_regions_and_a_bad_email_is_refused(region):
    other = factories.make_region(code="35.07", name="Kabupaten Lain")
    here, _s = complaints.complaint_file(
        region=region,
        classification=Classification.COMPLAINT,
        title="A",
        what_happened="B",
        anonymous=True,
    )
    there, _s = complaints.complaint_file(
        region=other,
        classification=Classification.COMPLAINT,
        title="A",
        what_happened="B",
        anonymous=True,
    )
    year = region.today().year
    assert (here.number, there.number) == (f"ADU-3573-{year}-00001", f"ADU-3507-{year}-00001")
    with pytest.raises(complaints.ComplaintRefusedError) as refused:
        complaints.complaint_file(
            region=region,
            classification=Classification.COMPLAINT,
            title="A",
            what_happened="B",
            name="Budi",
            email="bukan-email",
        )
    assert refused.value.messages == ["Alamat e-mail tidak valid."]
    assert Complaint.objects.count() == 2


def test_the_form_speaks_indonesian_down_to_its_empty_choices(client, region):
    page = client.get(reverse("portal:complaint_new"))
    assert "— pilih —" in page.text
    assert "Select an option" not in page.text


def test_an_anonymous_report_cannot_name_the_applicants_case(client, applicant, rejected):
    client.force_login(applicant)
    refused = _file(client, anonymous="on", application=rejected.pk)
    assert refused.context["form"].non_field_errors() == [
        "Laporan anonim tidak dapat menyebut permohonan Anda: itu akan menunjukkan siapa Anda."
    ]
    assert Complaint.objects.count() == 0


def test_reloading_the_receipt_files_nothing_twice(client, region):
    filed = _file(client, name="Budi", email="budi@example.id")
    assert filed.redirect_chain == [(reverse("portal:complaint_filed"), 302)]
    secret = filed.context["secret"]
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", secret)
    again = client.get(reverse("portal:complaint_filed"))
    assert again["Location"] == reverse("portal:complaint_track")  # shown once
    assert Complaint.objects.count() == 1


def test_a_postponed_report_waits_for_the_complainant_and_comes_back(client, admin, region):
    complaint, secret = complaints.complaint_file(
        region=region, classification=Classification.COMPLAINT, title="Air", what_happened="Keruh.",
        name="Budi", email="budi@example.id",
    )  # fmt: skip
    complaints.complaint_close_early(
        complaint=complaint, actor=admin, to=ComplaintStatus.POSTPONED, note="Di jalan mana?"
    )
    late = complaint.verification_due_on + datetime.timedelta(days=30)
    assert complaints.complaints_escalate(today=late) == 0  # its clock is stopped
    track = reverse("portal:complaint_track")
    client.post(
        track,
        {"number": complaint.number, "secret": secret, "information": "Jl. Ijen 10, Klojen."},
    )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED
    assert complaint.verification_due_on == region.calendar().add_working_days(region.today(), 3)
    note = complaint.events.last()
    assert (note.note, note.public) == ("Keterangan dari pelapor: Jl. Ijen 10, Klojen.", False)


def test_information_on_a_postponed_report_is_a_transition_of_the_table(admin, region):
    complaint, _secret = complaints.complaint_file(
        region=region, classification=Classification.COMPLAINT, title="Air", what_happened="Keruh.",
        name="Budi", email="budi@example.id",
    )  # fmt: skip
    complaints.complaint_close_early(
        complaint=complaint, actor=admin, to=ComplaintStatus.POSTPONED, note="Di jalan mana?"
    )
    complaints.complaint_add_information(complaint=complaint, text="Jl. Ijen 10, Klojen.")
    moved = AuditEvent.objects.filter(object_type="feedback.complaint").last()
    assert (moved.actor, moved.from_state, moved.to_state, moved.reason) == (
        None,
        ComplaintStatus.POSTPONED,
        ComplaintStatus.RECEIVED,
        "information from the complainant",  # the complainant's words stay out of the log
    )
    complaint.refresh_from_db()
    assert [(e.status, e.public) for e in complaint.events.all()] == [
        (ComplaintStatus.RECEIVED, True),
        (ComplaintStatus.POSTPONED, True),
        (ComplaintStatus.RECEIVED, False),
    ]
    told = Notification.objects.filter(recipient="budi@example.id").values_list(
        "dedup_key", flat=True
    )
    assert sorted(told) == [  # not told of a step they took themselves
        f"complaint:{complaint.pk}:received:email:budi@example.id",
        f"complaint:{complaint.pk}:status:{ComplaintStatus.POSTPONED}:email:budi@example.id",
    ]


def test_information_is_refused_once_a_report_is_routed(admin, region, dinkes):
    complaint, _secret = complaints.complaint_file(
        region=region, classification=Classification.COMPLAINT, title="Air", what_happened="Keruh.",
        name="Budi", email="budi@example.id",
    )  # fmt: skip
    complaints.complaint_route(complaint=complaint, actor=admin, agency=dinkes, tier=Tier.NORMATIVE)
    with pytest.raises(complaints.ComplaintRefusedError):
        complaints.complaint_add_information(complaint=complaint, text="Tambahan.")
    complaint.refresh_from_db()
    assert (complaint.status, complaint.events.count()) == (ComplaintStatus.ROUTED, 2)


def test_a_phone_number_that_is_none_is_refused(client, region):
    refused = _file(client, name="Budi", phone="abc")
    assert (
        refused.context["form"].non_field_errors()
        == [
            "Nomor telepon tidak dapat dibaca; tulis seperti 0812 3456 7890 atau +62 812 3456 7890."
        ]
        or refused.context["form"].non_field_errors()
    )
    assert Complaint.objects.count() == 0


def test_my_reports_lists_only_what_i_filed_under_my_name(client, applicant, rejected):
    client.force_login(applicant)
    _file(client, title="Soal saya", name="Siti", email="siti@example.id")
    _file(client, title="Soal anonim", anonymous="on")
    other = factories.make_user("orang.lain")
    client.force_login(other)
    _file(client, title="Soal orang lain", name="Orang", email="o@example.id")
    client.force_login(applicant)
    mine = client.get(reverse("portal:my_complaints"))
    assert [c.title for c in mine.context["complaints"]] == ["Soal saya"]
    assert "Soal orang lain" not in mine.text
    detail = client.get(reverse("portal:application_detail", args=[rejected.pk]))
    assert f'href="/pengaduan/baru/?application={rejected.pk}"' in detail.text


def test_a_liaison_sends_a_wrongly_routed_report_back_to_the_admin(
    client, admin, liaison, region, dpupr
):
    complaint, _secret = complaints.complaint_file(
        region=region, classification=Classification.COMPLAINT, title="Puskesmas",
        what_happened="Antre.",
        anonymous=True,
    )  # fmt: skip
    complaints.complaint_route(complaint=complaint, actor=admin, agency=dpupr, tier=Tier.NORMATIVE)
    client.force_login(liaison)
    url = reverse("backoffice:complaint", args=[complaint.pk])
    back = client.post(
        url, {"action": ["plan", "send_back"], "t-text": "Urusan Dinkes, bukan DPUPR."}
    )
    assert back["Location"] == reverse("backoffice:complaints")
    complaint.refresh_from_db()
    assert (complaint.status, complaint.agency, complaint.due_on) == (
        ComplaintStatus.RECEIVED,
        None,
        None,
    )
    assert complaint.verification_due_on == region.calendar().add_working_days(region.today(), 3)
    assert client.get(url).status_code == 404  # no longer the liaison's
    assert list(
        Notification.objects.filter(
            recipient=admin.email, subject__contains="dikembalikan"
        ).values_list("subject", flat=True)
    ) == [f"Pengaduan {complaint.number} dikembalikan oleh perangkat daerah"]


def test_the_admin_reads_the_complainants_phone_as_indonesians_write_it(client, region, admin):
    _file(client, name="Budi Santoso", phone="62812345678")
    complaint = Complaint.objects.get()
    client.force_login(admin)
    page = client.get(reverse("backoffice:complaint", args=[complaint.pk]))
    assert complaint.phone == "+62812345678"
    assert re.search(r'<dd id="complainant">(.*?)</dd>', page.text).group(1) == (
        "Budi Santoso · 0812-345-678"
    )
