"""A whole case through the domain: filed, returned, fixed, reviewed in parallel, decided."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from core.audit import audit_verify
from core.models import AuditEvent, Notification
from licensing import domain
from licensing.models import Application, SlaState, Status, TaskStatus
from tests.licensing_fixtures import *  # noqa: F403 - fixtures
from tests.licensing_fixtures import pdf

WIB = datetime.timezone(datetime.timedelta(hours=7))


def at(day, hour=10):
    """A moment in Malang (WIB)."""
    return time_machine.travel(datetime.datetime(2026, 11, day, hour, tzinfo=WIB), tick=False)


def _filled(parkir, siti, applicant):
    application = domain.application_start(owner=applicant, person=siti, service=parkir)
    application.form_data = {"lokasi": "Jl. Ijen 10", "luas_m2": "120"}
    application.save()
    version = application.service_version
    for requirement in version.requirements.all():
        document = domain.document_upload(
            owner=applicant, document_type=requirement.document_type, upload=pdf()
        )
        domain.application_attach(
            application=application, requirement=requirement, document=document
        )
    return application


@pytest.fixture
def filed(parkir, siti, applicant, front_office):
    with at(23):  # Monday 23 Nov 2026
        application = _filled(parkir, siti, applicant)
        application, pin = domain.application_submit(application=application, actor=applicant)
    return application, pin


def test_submitting_gives_number_pin_due_dates_and_opens_the_first_stage(filed, region):
    application, pin = filed
    assert application.registration_number == "REG/35.73/2026/000001"
    assert len(pin) == 6
    assert application.pin_digest == domain.pin_digest(application.registration_number, pin)
    assert (application.status, application.submitted_on, application.due_on) == (
        Status.SUBMITTED,
        datetime.date(2026, 11, 23),
        datetime.date(2026, 11, 30),  # 5 working days from Tue 24 Nov
    )
    assert [
        (t.stage, t.agency.short_name, t.status, t.due_on) for t in application.tasks.all()
    ] == [
        (1, "DPMPTSP", TaskStatus.OPEN, datetime.date(2026, 11, 24)),
        (2, "DPUPR", TaskStatus.WAITING, None),
        (2, "Dishub", TaskStatus.WAITING, None),
        (3, "DPMPTSP", TaskStatus.WAITING, None),
    ]


def test_submitting_twice_makes_one_submission(filed, applicant):
    application, _pin = filed
    again, pin = domain.application_submit(application=application, actor=applicant)
    assert (again.registration_number, pin) == ("REG/35.73/2026/000001", None)
    assert Application.objects.exclude(registration_number=None).count() == 1


def test_submitting_an_incomplete_draft_says_what_is_missing(parkir, siti, applicant):
    application = domain.application_start(owner=applicant, person=siti, service=parkir)
    application.form_data = {"lokasi": "Jl. Ijen 10", "luas_m2": "0"}
    application.save()
    with pytest.raises(ValidationError) as raised:
        domain.application_submit(application=application, actor=applicant)
    requirements = list(application.service_version.requirements.all())
    assert raised.value.message_dict == {
        "luas_m2": ["Luas: Pastikan nilai ini lebih besar dari atau sama dengan 1."],
        f"doc-{requirements[0].pk}": ["KTP-el wajib dilampirkan."],
        f"doc-{requirements[1].pk}": ["Denah lokasi wajib dilampirkan."],
    }
    application.refresh_from_db()
    assert (application.status, application.registration_number) == (Status.DRAFT, None)


def test_the_whole_case(
    filed,
    applicant,
    front_office,
    reviewer_dpupr,
    reviewer_dishub,
    inspector_dpupr,
    signing_official,
):
    application, _pin = filed
    front_task = application.tasks.get(stage=1)

    # Wed 25 Nov: the front office returns it for the site plan. The clock pauses.
    with at(25):
        denah = application.service_version.requirements.get(document_type__code="denah")
        domain.application_return(
            task=front_task,
            actor=front_office,
            items=[{"requirement": denah, "note": "Denah tidak terbaca, unggah ulang."}],
        )
    application.refresh_from_db()
    assert (application.status, application.correction_due_on) == (
        Status.RETURNED,
        datetime.date(2026, 12, 9),  # 10 working days
    )
    with pytest.raises(domain.ActionRefusedError):
        domain.application_accept(task=front_task, actor=front_office)

    # Mon 30 Nov: the applicant uploads a new plan and resubmits: 3 working days paused.
    with at(30):
        document = domain.document_upload(
            owner=applicant, document_type=denah.document_type, upload=pdf("denah baru.pdf")
        )
        domain.application_attach(application=application, requirement=denah, document=document)
        domain.application_resubmit(application=application, actor=applicant)
    application.refresh_from_db()
    front_task.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert (front_task.due_on, application.due_on) == (
        datetime.date(2026, 11, 27),  # was Tue 24, plus 3 paused working days
        datetime.date(2026, 12, 3),  # was Mon 30, plus 3
    )
    assert application.pauses.get().working_days == 3

    with at(30, 14):
        domain.application_accept(task=front_task, actor=front_office)
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    dpupr_task, dishub_task = application.tasks.filter(stage=2)
    assert (dpupr_task.status, dpupr_task.due_on, dishub_task.due_on) == (
        TaskStatus.OPEN,
        datetime.date(2026, 12, 3),
        datetime.date(2026, 12, 2),
    )

    # Two agencies in parallel; DPUPR asks for an inspection and its inspector files the BAP.
    with at(30, 15):
        domain.inspection_request(task=dpupr_task, actor=reviewer_dpupr)
        with pytest.raises(domain.ActionRefusedError):
            domain.review_recommend(task=dpupr_task, actor=reviewer_dpupr, approve=True)
        domain.review_recommend(task=dishub_task, actor=reviewer_dishub, approve=True)
    assert application.tasks.get(stage=3).status == TaskStatus.WAITING  # DPUPR still open
    with at(30, 16):
        domain.inspection_file(
            task=dpupr_task,
            actor=inspector_dpupr,
            inspected_on=datetime.date(2026, 11, 30),
            inspectors="Fajar, Eko",
            findings="Lokasi sesuai denah; akses aman.",
        )
        domain.review_recommend(task=dpupr_task, actor=reviewer_dpupr, approve=True)
    decision = application.tasks.get(stage=3)
    assert decision.status == TaskStatus.OPEN

    with at(30, 17):
        domain.application_decide(task=decision, actor=signing_official, approve=True)
    application.refresh_from_db()
    assert application.status == Status.APPROVED

    statuses = list(
        AuditEvent.objects.filter(action__startswith="status:").values_list(
            "from_state", "to_state"
        )
    )
    assert statuses == [
        ("draft", "submitted"),
        ("submitted", "returned"),
        ("returned", "submitted"),
        ("submitted", "in_review"),
        ("in_review", "approved"),
    ]
    assert audit_verify() is None
    # The applicant heard of every status change, by e-mail and WhatsApp.
    to_siti = Notification.objects.filter(recipient__in=["siti@example.id", "+6281234567890"])
    assert to_siti.count() == 2 * len(statuses)


def test_two_officers_acting_at_once_one_wins(filed, front_office, dpmptsp):
    from org.models import Role
    from tests import factories

    colleague = factories.make_staff("lina.fo", dpmptsp, Role.FRONT_OFFICE)
    application, _pin = filed
    task = application.tasks.get(stage=1)
    domain.application_accept(task=task, actor=front_office)
    with pytest.raises(domain.ActionRefusedError) as raised:
        domain.application_accept(task=task, actor=colleague)
    assert raised.value.messages == [
        "Tugas ini sudah ditangani oleh dewi.fo; muat ulang halaman untuk melihat perubahannya."
    ]


def test_staff_of_another_agency_cannot_act(filed, reviewer_dinkes):
    application, _pin = filed
    with pytest.raises(domain.ActionRefusedError):
        domain.application_accept(task=application.tasks.get(stage=1), actor=reviewer_dinkes)


def test_a_correction_not_made_in_time_cancels_with_notice(filed, front_office):
    application, _pin = filed
    with at(25):
        domain.application_return(
            task=application.tasks.get(stage=1),
            actor=front_office,
            items=[{"field_key": "lokasi", "note": "Alamat kurang lengkap."}],
        )
    assert domain.corrections_lapse(today=datetime.date(2026, 12, 9)) == 0
    assert domain.corrections_lapse(today=datetime.date(2026, 12, 10)) == 1
    application.refresh_from_db()
    assert application.status == Status.CANCELLED
    assert application.tasks.filter(status=TaskStatus.OPEN).count() == 0
    assert (
        Notification.objects.filter(
            recipient="siti@example.id", body__contains="dibatalkan"
        ).count()
        == 1
    )


def test_withdrawal_before_the_decision(filed, applicant):
    application, _pin = filed
    domain.application_withdraw(application=application, actor=applicant, reason="Batal buka usaha")
    application.refresh_from_db()
    assert application.status == Status.WITHDRAWN
    with pytest.raises(domain.ActionRefusedError):
        domain.application_withdraw(application=application, actor=applicant)


def test_sla_states_and_alerts_are_sent_once(filed, front_office):
    application, _pin = filed
    task = application.tasks.get(stage=1)  # 1 day, due Tue 24 Nov
    assert task.sla_state(datetime.date(2026, 11, 23)) == SlaState.ON_TRACK
    assert task.sla_state(datetime.date(2026, 11, 24)) == SlaState.AT_RISK
    assert task.sla_state(datetime.date(2026, 11, 25)) == SlaState.OVERDUE
    assert domain.sla_check(today=datetime.date(2026, 11, 25)) == {
        "at_risk": 0,
        "overdue": 1,
        "deemed": 0,
    }
    assert domain.sla_check(today=datetime.date(2026, 11, 26)) == {
        "at_risk": 0,
        "overdue": 0,
        "deemed": 0,
    }
    assert list(
        Notification.objects.filter(subject__startswith="Tugas terlambat").values_list(
            "recipient", flat=True
        )
    ) == [front_office.email]


@pytest.mark.parametrize(
    ("mode", "status"), [("flag", Status.IN_REVIEW), ("approve", Status.APPROVED)]
)
def test_deemed_approval_when_the_decision_deadline_passes(
    filed, front_office, reviewer_dpupr, reviewer_dishub, mode, status
):
    from catalog.models import ServiceVersion

    application, _pin = filed
    ServiceVersion.objects.filter(pk=application.service_version_id).update(deemed_approval=mode)
    with at(23, 14):
        domain.application_accept(task=application.tasks.get(stage=1), actor=front_office)
        for task, reviewer in zip(
            application.tasks.filter(stage=2).order_by("pk"),
            (reviewer_dpupr, reviewer_dishub),
            strict=True,
        ):
            domain.review_recommend(task=task, actor=reviewer, approve=True)
    application.refresh_from_db()
    assert application.due_on == datetime.date(2026, 11, 30)
    assert domain.sla_check(today=datetime.date(2026, 11, 30))["deemed"] == 0
    assert domain.sla_check(today=datetime.date(2026, 12, 1))["deemed"] == 1
    application.refresh_from_db()
    assert application.status == status
    assert application.deemed_approval_at is not None
    assert AuditEvent.objects.filter(action="deemed_approval", reason=mode).count() == 1
    assert domain.sla_check(today=datetime.date(2026, 12, 2))["deemed"] == 0  # once


def test_a_failure_in_the_middle_of_submitting_leaves_nothing_and_skips_no_number(
    parkir, siti, applicant
):
    from django.db import DatabaseError, connection

    with at(23):
        first = _filled(parkir, siti, applicant)
    # The database refuses the case's tasks, after the number was taken: a real fault.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; "
                "END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON licensing_casetask "
                "FOR EACH ROW EXECUTE FUNCTION refuse()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON licensing_casetask "
                "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )
    with at(23), pytest.raises(DatabaseError):
        domain.application_submit(application=first, actor=applicant)
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER refuse"
            + (" ON licensing_casetask" if connection.vendor == "postgresql" else "")
        )
    first.refresh_from_db()
    assert (first.status, first.registration_number, first.tasks.count()) == (Status.DRAFT, None, 0)
    assert AuditEvent.objects.count() == 0
    with at(23):
        submitted, _pin = domain.application_submit(application=first, actor=applicant)
    assert submitted.registration_number == "REG/35.73/2026/000001"  # the number was given back


def test_the_applicant_is_told_what_to_fix_by_when_with_a_link(filed, front_office):
    application, _pin = filed
    with at(25):
        domain.application_return(
            task=application.tasks.get(stage=1),
            actor=front_office,
            items=[{"field_key": "lokasi", "note": "Alamat kurang lengkap."}],
        )
    message = Notification.objects.filter(recipient="siti@example.id").order_by("pk").last()
    assert message.body == (
        "Izin Tempat Khusus Parkir, nomor registrasi REG/35.73/2026/000001: dikembalikan: mohon "
        "perbaiki paling lambat 9 Desember 2026 (Alamat lokasi: Alamat kurang lengkap.).\n"
        "Lacak kapan saja di http://127.0.0.1:8000/lacak/ dengan nomor registrasi dan PIN Anda."
    )
