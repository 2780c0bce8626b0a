"""Retribusi on the public side: the gateway's callback, the SKRD download, and the demo's
simulated bank."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from access.rules import bill_visible
from core.files import private_file
from core.http import client_address
from core.money import RupiahFormField
from core.ratelimit import record_failure, too_many
from licensing import bank, retribusi
from licensing.models import Bill


@csrf_exempt  # machine to machine: authenticated by the HMAC signature instead
@login_not_required
@require_POST
def payment_callback(request):
    """The gateway's notification. An address whose callbacks keep being refused is told
    to wait (429) before any work, so a flood of forgeries costs us one cache read each."""
    address = client_address(request)
    limit_key = f"callback-refused:{address}"
    if too_many(limit_key, limit=settings.SATUPINTU_CALLBACK_REFUSALS_PER_MINUTE):
        return JsonResponse(
            {"status": "refused", "message": "too many refused callbacks; retry later"},
            status=429,
            headers={"Retry-After": "60"},
        )
    status, answer = retribusi.payment_callback(
        body=request.body,
        timestamp=request.headers.get("X-Timestamp", ""),
        signature=request.headers.get("X-Signature", ""),
        client_address=address,
    )
    if status != 200:
        record_failure(limit_key, window_seconds=60)
    return JsonResponse(answer, status=status)


def bill_download(request, pk: int):
    """The SKRD's PDF, to the applicant and to staff of agencies on the case; 404 to others."""
    bill = Bill.objects.filter(pk=pk, region=request.region).select_related("application").first()
    if bill is None or not bill_visible(bill, request.user, request.region):
        raise Http404
    return private_file(
        bill.pdf,
        request=request,
        sha256=bill.sha256,
        object_type="licensing.bill",
        object_id=bill.pk,
        content_type="application/pdf",
        filename=f"skrd-{bill.number.replace('/', '-')}.pdf",
    )


class BankForm(forms.Form):
    billing_code = forms.RegexField(
        label=_("Billing code"),
        regex=r"^\d{16}$",
        error_messages={"invalid": _("A billing code has 16 digits.")},
    )
    amount = RupiahFormField(label=_("Amount (Rp)"))


@login_not_required
def bank_simulator(request):
    """Demo only: a bank teller who pays an SKRD and notifies us like a real gateway."""
    if not settings.SATUPINTU_BANK_SIMULATOR:
        raise Http404
    form = BankForm(request.POST or None, initial={"billing_code": request.GET.get("kode", "")})
    if request.method == "POST" and form.is_valid():
        status, answer = bank.pay(
            base_url=request.build_absolute_uri("/"),
            secret=settings.SATUPINTU_PAYMENT_GATEWAY_SECRET,
            billing_code=form.cleaned_data["billing_code"],
            amount=form.cleaned_data["amount"],
        )
        if status == 200:
            messages.success(request, _("Paid. The bank notified the region's system."))
            return redirect("bank_simulator")
        reasons = {
            401: _("the notification's signature was not accepted"),
            404: _("no SKRD has this billing code"),
            409: answer.get("message", ""),
        }
        form.add_error(
            None,
            _("The region's system refused the payment: %(why)s")
            % {"why": reasons.get(status) or answer.get("status", status)},
        )
    return render(request, "portal/bank_simulator.html", {"form": form})
