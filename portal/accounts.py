"""Applicant accounts: sign-in by username or e-mail, and the e-mailed confirmation link."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core.models import Channel, Notification


class LoginBackend(ModelBackend):
    """Sign in with the username or the account's e-mail address, whatever the case."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        users = get_user_model().objects
        user = users.filter(username__iexact=username.strip()).first()
        if user is None and "@" in username:
            # Staff may type their e-mail; only an address that names one account counts.
            matches = list(users.filter(email__iexact=username.strip())[:2])
            user = matches[0] if len(matches) == 1 else None
        if user is None:
            get_user_model()().set_password(password)  # same time as a real check
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def unconfirmed_account(username: str, password: str | None = None):
    """A never-confirmed account of this username (and password, when given), or None."""
    user = (
        get_user_model()
        .objects.filter(username__iexact=username.strip(), is_active=False, last_login__isnull=True)
        .first()
    )
    if user is None or (password is not None and not user.check_password(password)):
        return None
    return user


def send_confirmation(request, user) -> None:
    """Queue the e-mail with the link that activates a new account."""
    link = request.build_absolute_uri(
        reverse(
            "portal:activate",
            args=[
                urlsafe_base64_encode(force_bytes(user.pk)),
                default_token_generator.make_token(user),
            ],
        )
    )
    Notification.objects.create(
        channel=Channel.EMAIL,
        recipient=user.email,
        subject=_("Confirm your Satu Pintu account"),
        body=_("Open this link to confirm your email and activate your account:\n%(link)s")
        % {"link": link},
        dedup_key=f"signup:{user.pk}:{get_random_string(12)}",
        next_attempt_at=timezone.now(),
    )
