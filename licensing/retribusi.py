"""Retribusi: the SKRD of an approved application, and its payment by the treasurer or
through the payment gateway's signed callback."""

import datetime
import hashlib
import hmac
import json
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import numbers
from core.audit import audit_record, refused_callback_record
from core.files import file_written, files_atomic
from core.formatting import long_date, rupiah
from licensing import skrd_pdf
from licensing.domain import open_signing
from licensing.models import (
    Bill,
    BillStatus,
    ClockPause,
    GatewayCallback,
    Outcome,
    PauseReason,
    Payment,
    PaymentMethod,
    Status,
)
from licensing.workflow import (
    ActionRefusedError,
    application_end,
    application_lock,
    application_move,
    pause_end,
    task_complete,
    task_lock,
)
from org.models import Role, StaffRole

SKRD_NUMBER_PATTERN = "973/{seq:05d}/SKRD/{year}"
# A callback older or newer than this is refused, so a captured request cannot be replayed later.
CALLBACK_WINDOW_SECONDS = 300


_DIGITS = ["", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
# Up to kuintiliun (10^18): everything a RupiahField holds.
_SCALES = ["", "ribu", "juta", "miliar", "triliun", "kuadriliun", "kuintiliun"]


def _hundreds_in_words(number: int) -> list[str]:
    """1 to 999: seratus, sepuluh, sebelas take se-; 12 to 19 are belas."""
    hundreds, rest = divmod(number, 100)
    tens, ones = divmod(rest, 10)
    words = ["seratus"] if hundreds == 1 else [_DIGITS[hundreds], "ratus"] if hundreds else []
    if rest == 10:
        return [*words, "sepuluh"]
    if rest == 11:
        return [*words, "sebelas"]
    if tens == 1:
        return [*words, _DIGITS[ones], "belas"]
    if tens:
        words += [_DIGITS[tens], "puluh"]
    return [*words, _DIGITS[ones]] if ones else words


def terbilang(amount: int) -> str:
    """1250000 → "satu juta dua ratus lima puluh ribu rupiah".

    A thousand on its own is seribu wherever it stands (2.001.000: "dua juta seribu"),
    which num2words gets wrong; a million and more is satu juta, satu miliar.
    """
    if not 0 <= amount < 1000 ** len(_SCALES):
        raise ValueError(f"terbilang: {amount} is out of range")
    if amount == 0:
        return "nol rupiah"
    words = []
    for power in reversed(range(len(_SCALES))):
        group = amount // 1000**power % 1000
        if group == 1 and power == 1:
            words.append("seribu")
        elif group:
            words += [*_hundreds_in_words(group), _SCALES[power]]
    return " ".join([*filter(None, words), "rupiah"])


@files_atomic()  # a failure after the PDF is written leaves no PDF behind
def bill_issue(*, task, actor, client_address=None) -> Bill:
    """The treasurer issues the SKRD: number, amount from the fee rule, billing code, due
    date, PDF. The applicant owes the payment from now on, and the clock pauses."""
    task = task_lock(task, actor=actor, roles={Role.TREASURER})
    application = task.application  # locked with the task
    if application.status != Status.APPROVED:
        raise ActionRefusedError(_("Only an approved application gets an SKRD."))
    amount = application.fee_due()
    region = application.region
    today = region.today()
    sequence = numbers.next_value(scope=f"skrd:{region.code}", year=today.year)
    bill = Bill(
        application=application,
        region=region,
        number=numbers.format_number(
            SKRD_NUMBER_PATTERN, seq=sequence, year=today.year, region=region.code
        ),
        amount=amount,
        due_on=today + datetime.timedelta(days=settings.SATUPINTU_PAYMENT_DUE_DAYS),
        issued_at=timezone.now(),
        issued_by=actor,
    )
    treasurer = StaffRole.objects.filter(
        user=actor, agency_id=task.agency_id, role=Role.TREASURER, active=True
    ).first()
    page = skrd_pdf.SkrdPage(
        kop_lines=region.kop or [region.name],
        number=bill.number,
        rows=[
            ("Nama wajib retribusi", application.applicant_name),
            ("Jenis layanan", application.service_version.service.name),
            ("Nomor pendaftaran", application.registration_number or "-"),
            ("Dasar pengenaan", application.service_version.fee_basis or "-"),
        ],
        amount=rupiah(amount),
        amount_in_words=terbilang(amount),
        billing_code=bill.billing_code,
        due=long_date(bill.due_on),
        place_and_date=f"{region.name.replace(' (Demo)', '')}, {long_date(today)}",
        treasurer_name=actor.get_full_name() or actor.get_username(),
        treasurer_position=treasurer.position if treasurer else "",
        treasurer_nip=treasurer.nip if treasurer else "",
    )
    rendered = skrd_pdf.render(page)
    bill.sha256 = hashlib.sha256(rendered).hexdigest()
    bill.pdf.save(f"{bill.billing_code}.pdf", ContentFile(rendered), save=False)
    file_written(bill.pdf)
    bill.save()
    task_complete(task, actor=actor, outcome=Outcome.BILLED, note=bill.number, open_next=False)
    ClockPause.objects.create(application=application, reason=PauseReason.PAYMENT, started_on=today)
    application_move(
        application,
        Status.AWAITING_PAYMENT,
        actor=actor,
        client_address=client_address,
        what=_("SKRD %(number)s issued: pay %(amount)s with billing code %(code)s by %(due)s")
        % {
            "number": bill.number,
            "amount": rupiah(amount),
            "code": bill.billing_code,
            "due": long_date(bill.due_on),
        },
    )
    return bill


def confirms_payments(user, region) -> bool:
    """Whether the user confirms payments in the region: one of its treasurers. The case
    page asks it too (through access.rules) before offering the form."""
    return StaffRole.objects.held(user, region).filter(role=Role.TREASURER).exists()


def payment_confirm(
    *, bill: Bill, actor, reference: str, amount: int, paid_at=None, client_address=None
) -> Payment:
    """The treasurer records a payment seen on the bank statement, with its reference."""
    if not confirms_payments(actor, bill.region):
        raise ActionRefusedError(_("Only a treasurer may confirm a payment."))
    reference = reference.strip()
    if not reference:
        raise ValidationError(_("Enter the bank reference of the payment."))
    payment, _created = _payment_record(
        bill=bill,
        amount=amount,
        method=PaymentMethod.TREASURER,
        reference=reference,
        paid_at=paid_at or timezone.now(),
        actor=actor,
        client_address=client_address,
    )
    return payment


@transaction.atomic
def _payment_record(*, bill, amount, method, reference, paid_at, actor, client_address):
    """Record a payment once. The same reference again returns the first record unchanged."""
    bill = Bill.objects.select_for_update().get(pk=bill.pk)
    existing = Payment.objects.filter(method=method, reference=reference).first()
    if existing is not None:
        if existing.bill_id != bill.pk:
            raise ActionRefusedError(_("This bank reference was already used for another SKRD."))
        return existing, False
    if bill.status == BillStatus.PAID:
        raise ActionRefusedError(_("This SKRD is already paid."))
    if bill.status == BillStatus.CANCELLED:
        raise ActionRefusedError(_("This SKRD was cancelled; it cannot be paid."))
    if amount != bill.amount:
        raise ActionRefusedError(
            _("The amount %(paid)s does not match the SKRD's %(due)s.")
            % {"paid": rupiah(amount), "due": rupiah(bill.amount)}
        )
    application = application_lock(bill.application)
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                bill=bill,
                amount=amount,
                method=method,
                reference=reference,
                paid_at=paid_at,
                recorded_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError:
        raise ActionRefusedError(_("This payment was already recorded.")) from None
    bill.status = BillStatus.PAID
    bill.save(update_fields=["status"])
    pause_end(application)
    application_move(
        application,
        Status.PAID,
        actor=actor,
        client_address=client_address,
        what=_("payment of %(amount)s received (reference %(reference)s); signature follows")
        % {"amount": rupiah(amount), "reference": reference},
    )
    open_signing(application)
    return payment, True


@transaction.atomic
def bill_cancel(*, bill: Bill, actor, reason: str, client_address=None) -> Bill:
    """The treasurer cancels an unpaid SKRD when the decision is reversed, with a reason:
    the case ends as cancelled, its clock stops and the applicant is told."""
    if not confirms_payments(actor, bill.region):
        raise ActionRefusedError(_("Only a treasurer may cancel an SKRD."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("A cancellation of an SKRD needs a reason."))
    # The bill, then its case: the order payments lock them in.
    bill = Bill.objects.select_for_update().get(pk=bill.pk)
    if bill.status == BillStatus.PAID:
        raise ActionRefusedError(_("This SKRD is already paid; it cannot be cancelled."))
    if bill.status == BillStatus.CANCELLED:
        raise ActionRefusedError(_("This SKRD was already cancelled."))
    application = application_lock(bill.application)
    bill.status = BillStatus.CANCELLED
    bill.cancelled_at = timezone.now()
    bill.cancellation_reason = reason
    bill.save(update_fields=["status", "cancelled_at", "cancellation_reason"])
    audit_record(
        actor=actor,
        object_type="licensing.bill",
        object_id=bill.pk,
        action="bill_cancelled",
        reason=reason,
        client_address=client_address,
        data={"number": bill.number},
    )
    application_end(
        application,
        Status.CANCELLED,
        actor=actor,
        reason=reason,
        client_address=client_address,
        what=_("SKRD %(number)s cancelled: %(reason)s") % {"number": bill.number, "reason": reason},
    )
    return bill


# The payment gateway's callback -----------------------------------------------------------


def callback_signature(*, secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>", hex: what the bank sends in X-Signature."""
    return hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def _whole_rupiah(value) -> int | None:
    """A JSON integer above zero, or None: 1500.0, 1e3, "1500" and true are not amounts."""
    if type(value) is not int or value <= 0:
        return None
    return value


def payment_callback(
    *, body: bytes, timestamp: str, signature: str, client_address=None
) -> tuple[int, dict]:
    """Handle one callback: (HTTP status, JSON answer). An accepted payment is stored and
    audited; anything else (forged, stale, malformed, mismatched, a duplicate) changes
    nothing and goes to the bounded refused log, never to the audit chain."""
    secret = settings.SATUPINTU_PAYMENT_GATEWAY_SECRET

    def answer(status: int, outcome: str, reason: str = "", **extra):
        if outcome == "accepted":
            GatewayCallback.objects.create(
                client_address=client_address,
                body=body.decode("utf-8", "replace")[:5000],
                outcome=outcome,
            )
        else:
            refused_callback_record(
                client_address=client_address, outcome=outcome, reason=reason, body=body
            )
        return status, {"status": outcome, **({"message": reason} if reason else {}), **extra}

    if not secret:
        return answer(503, "refused", "payment gateway not configured")
    expected = callback_signature(secret=secret, timestamp=timestamp, body=body)
    if not hmac.compare_digest(expected, signature or ""):
        return answer(401, "forged", "bad signature")
    try:
        age = abs(time.time() - int(timestamp))
    except ValueError:
        return answer(400, "refused", "bad timestamp")
    if age > CALLBACK_WINDOW_SECONDS:
        return answer(401, "stale", "timestamp outside the allowed window (replay?)")
    try:
        data = json.loads(body)
        code, reference = str(data["billing_code"]), str(data["reference"]).strip()
        amount = _whole_rupiah(data["amount"])
        paid_at = datetime.datetime.fromisoformat(data.get("paid_at") or timezone.now().isoformat())
    except (ValueError, KeyError, TypeError, AttributeError):
        return answer(400, "refused", "malformed body")
    if amount is None:
        return answer(400, "refused", "amount must be a whole number of rupiah")
    if paid_at.tzinfo is None or not reference:
        return answer(400, "refused", "paid_at needs a time zone; reference is required")
    bill = Bill.objects.filter(billing_code=code).first()
    if bill is None:
        return answer(404, "refused", "unknown billing code")
    try:
        payment, created = _payment_record(
            bill=bill,
            amount=amount,
            method=PaymentMethod.GATEWAY,
            reference=reference,
            paid_at=paid_at,
            actor="payment-gateway",
            client_address=client_address,
        )
    except ValidationError as error:
        return answer(409, "refused", " ".join(error.messages))
    return answer(200, "accepted" if created else "duplicate", payment=payment.pk)
