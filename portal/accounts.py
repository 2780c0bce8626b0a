"""Accounts: sign-in by username or e-mail, its lockout, sign-up and the mails it sends."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_lockout_parameters
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.tokens import default_token_generator
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.crypto import get_random_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_ratelimit.core import is_ratelimited

from core.http import client_address
from core.messaging import outbox_queue
from core.models import Medium
from org.domain import applicant_confirmation_queue, confirmed_accounts

# Mails a visitor can make us send (confirmation links, password resets, "someone used your
# address"): per target address so nobody's inbox can be flooded, per client address so one
# visitor cannot flood many. Fixed windows: at a window's edge up to twice the rate passes.
MAIL_RATE_PER_EMAIL = "3/h"
MAIL_RATE_PER_ADDRESS = "20/h"


def account_for_login(username: str):
    """The account a sign-in names: by username (any case), else by the e-mail address of
    exactly one confirmed account."""
    user = get_user_model().objects.filter(username__iexact=username.strip()).first()
    if "@" in username and (user is None or not user.is_active):
        # An unconfirmed sign-up named after the address never shadows its owner.
        matches = list(confirmed_accounts(username)[:2])
        user = matches[0] if len(matches) == 1 else user
    return user


class LoginBackend(ModelBackend):
    """Sign in with the username or the account's e-mail address, whatever the case."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = account_for_login(username)
        if user is None:
            get_user_model()().set_password(password)  # same time as a real check
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


# Lockout (django-axes, ADR 0024) ---------------------------------------------------------


def login_key(request, credentials: dict | None) -> str:
    """The name axes counts failures under: one per account, however it was typed.

    "Siti", "siti" and her confirmed e-mail all count as her username in lower case; a name
    that matches no account is counted as typed (lower case), so guessing at unknown names
    is counted too.
    """
    typed = (credentials or {}).get("username")
    if typed is None:
        typed = request.POST.get("username", "") if request is not None else ""
    typed = str(typed).strip()
    user = account_for_login(typed) if typed else None
    return (user.get_username() if user is not None else typed).lower()[:255]


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit for each lockout parameter set.

    Axes compares one number with one limit (AXES_FAILURE_LIMIT); here that number is how
    many sets have reached their own limit (SATUPINTU_LOGIN_FAILURE_LIMITS, in the order of
    AXES_LOCKOUT_PARAMETERS), and AXES_FAILURE_LIMIT is 1.
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        limits = settings.SATUPINTU_LOGIN_FAILURE_LIMITS
        attempts_list = self.get_user_attempts(request, credentials)
        if len(limits) != len(get_lockout_parameters(request, credentials)):
            raise ValueError("SATUPINTU_LOGIN_FAILURE_LIMITS needs one limit per parameter set")
        reached = 0
        for attempts, limit in zip(attempts_list, limits, strict=True):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            reached += failures >= limit
        return reached


def lockout_response(request, original_response, credentials) -> HttpResponse:
    """The page a locked-out client sees instead of the sign-in form (429, in Indonesian)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


# Mails ------------------------------------------------------------------------------------


def mail_allowed(request, *, email: str) -> bool:
    """Count one mail to `email` asked for by this client; False once either limit is over.

    Both counters move on every request, so a refused one still counts for its address.
    """
    address_limited = is_ratelimited(
        request,
        group="mail-address",
        key=lambda _group, req: client_address(req),
        rate=MAIL_RATE_PER_ADDRESS,
        increment=True,
    )
    email_limited = is_ratelimited(
        request,
        group="mail-email",
        key=lambda _group, _req: email.strip().lower(),
        rate=MAIL_RATE_PER_EMAIL,
        increment=True,
    )
    return not (address_limited or email_limited)


def activation_link(request, user) -> str:
    """The address of the link that activates `user`'s account (portal:activate)."""
    return request.build_absolute_uri(
        reverse(
            "portal:activate",
            args=[
                urlsafe_base64_encode(force_bytes(user.pk)),
                default_token_generator.make_token(user),
            ],
        )
    )


def send_confirmation(request, user) -> None:
    """Queue the e-mail with the link that activates a new account (within the mail limits:
    over them nothing is sent and the visitor is told the same as always)."""
    if mail_allowed(request, email=user.email):
        applicant_confirmation_queue(user=user, link=activation_link(request, user))


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, within the mail limits and through the outbox (retries, log)."""

    def save(self, *, request, **kwargs) -> None:
        # Over a limit nothing is sent; the view answers "sent" either way.
        if mail_allowed(request, email=self.cleaned_data["email"]):
            super().save(request=request, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        outbox_queue(
            messages=[(Medium.EMAIL, to_email)],
            subject=subject,
            body=loader.render_to_string(email_template_name, context),
            key=f"password-reset:{context['user'].pk}:{get_random_string(12)}",
            object_type="user",
            object_id=context["user"].pk,
        )


class SetPasswordForm(auth_forms.SetPasswordForm):
    """Django's new-password form; a new password set through the mailed link also ends the
    account's lockout (whoever holds the inbox is the owner). An address's lock stays."""

    def save(self, commit=True):
        user = super().save(commit=commit)
        if commit:
            reset(username=login_key(None, {"username": user.get_username()}))
        return user
