"""The treasurer's list of SKRD waiting for payment, and cancelling an SKRD when the decision
is reversed: with a reason, audited, never for a paid one, and never paid afterwards."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import AuditEvent, Notification
from licensing import retribusi
from licensing.models import Bill, BillStatus, Status, TaskStatus
from org.models import Role
from tests import factories
from tests.licensing_fixtures import *  # noqa: F403 - fixtures
from tests.licensing_fixtures import _decided_reklame

REASON = "Keputusan dibatalkan: lokasi ternyata jalur hijau."


@pytest.fixture
def billed(approved_reklame, treasurer):
    return retribusi.bill_issue(task=approved_reklame.tasks.get(stage=4), actor=treasurer)


@pytest.fixture
def paid(reklame, siti, applicant, front_office, reviewer_dpupr, signing_official, treasurer):
    """A second reklame case whose SKRD is paid."""
    case = _decided_reklame(
        reklame, siti, applicant, front_office, reviewer_dpupr, signing_official
    )
    bill = retribusi.bill_issue(task=case.tasks.get(stage=4), actor=treasurer)
    retribusi.payment_confirm(bill=bill, actor=treasurer, reference="BNI-7", amount=bill.amount)
    bill.refresh_from_db()
    return bill


def test_the_treasurer_lists_the_unpaid_skrd_of_their_cases(client, billed, paid, treasurer, dpupr):
    client.force_login(treasurer)

    page = client.get(reverse("backoffice:bills"))

    assert page.status_code == 200
    assert [bill.number for bill in page.context["page"]] == [billed.number]
    assert billed.billing_code in page.text
    assert paid.number not in page.text


def test_a_treasurer_of_another_agency_lists_none_of_them(client, billed, dpupr):
    other = factories.make_staff("bendahara.pupr", dpupr, Role.TREASURER)
    client.force_login(other)

    page = client.get(reverse("backoffice:bills"))

    assert list(page.context["page"]) == []
    assert billed.number not in page.text


def test_the_list_is_for_treasurers_only(client, billed, front_office):
    client.force_login(front_office)

    assert client.get(reverse("backoffice:bills")).status_code == 403


def test_cancelling_without_a_reason_is_explained_and_changes_nothing(client, billed, treasurer):
    client.force_login(treasurer)
    events = AuditEvent.objects.count()

    page = client.post(
        reverse("backoffice:bill_cancel", args=[billed.pk]), {"reason": "  "}, follow=True
    )

    billed.refresh_from_db()
    assert [str(m) for m in page.context["messages"]] == ["Pembatalan SKRD perlu alasan."]
    assert (billed.status, billed.application.status) == (
        BillStatus.UNPAID,
        Status.AWAITING_PAYMENT,
    )
    assert AuditEvent.objects.count() == events


def test_cancelling_an_unpaid_skrd_closes_the_case_audited_and_told(client, billed, treasurer):
    client.force_login(treasurer)

    page = client.post(
        reverse("backoffice:bill_cancel", args=[billed.pk]), {"reason": REASON}, follow=True
    )

    billed.refresh_from_db()
    application = billed.application
    assert [str(m) for m in page.context["messages"]] == [
        f"SKRD {billed.number} dibatalkan; permohonan ditutup."
    ]
    assert (billed.status, billed.cancellation_reason) == (BillStatus.CANCELLED, REASON)
    assert application.status == Status.CANCELLED
    assert application.pauses.filter(ended_on__isnull=True).count() == 0
    assert application.tasks.filter(status=TaskStatus.OPEN).count() == 0
    cancelled = AuditEvent.objects.get(action="bill_cancelled")
    assert (cancelled.actor_label, cancelled.object_id, cancelled.reason) == (
        "rina.bendahara",
        str(billed.pk),
        REASON,
    )
    told = Notification.objects.filter(
        recipient="siti@example.id", body__contains=f"SKRD {billed.number} dibatalkan: {REASON}"
    )
    assert told.count() == 1
    assert list(page.context["page"]) == []  # back on the list, which no longer has it


def test_the_applicant_sees_the_cancelled_skrd_and_no_way_to_pay_it(
    client, billed, treasurer, applicant
):
    retribusi.bill_cancel(bill=billed, actor=treasurer, reason=REASON)
    client.force_login(applicant)

    page = client.get(reverse("portal:application_detail", args=[billed.application_id]))

    assert f"SKRD {billed.number} dibatalkan: {REASON}" in page.text
    assert "Bayar retribusi" not in page.text


def test_a_paid_skrd_cannot_be_cancelled(paid, treasurer):
    with pytest.raises(ValidationError) as refused:
        retribusi.bill_cancel(bill=paid, actor=treasurer, reason=REASON)

    paid.refresh_from_db()
    assert refused.value.messages == ["SKRD ini sudah dibayar; tidak bisa dibatalkan."]
    assert (paid.status, paid.application.status) == (BillStatus.PAID, Status.PAID)


def test_a_cancelled_skrd_cannot_be_paid(billed, treasurer):
    retribusi.bill_cancel(bill=billed, actor=treasurer, reason=REASON)

    with pytest.raises(ValidationError) as refused:
        retribusi.payment_confirm(
            bill=billed, actor=treasurer, reference="BNI-9", amount=billed.amount
        )

    assert refused.value.messages == ["SKRD ini sudah dibatalkan; tidak bisa dibayar."]
    assert Bill.objects.get(pk=billed.pk).status == BillStatus.CANCELLED


def test_only_a_treasurer_cancels(billed, front_office):
    with pytest.raises(ValidationError):
        retribusi.bill_cancel(bill=billed, actor=front_office, reason=REASON)

    assert Bill.objects.get(pk=billed.pk).status == BillStatus.UNPAID
