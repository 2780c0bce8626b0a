"""Workflows on the organisation: granting staff roles, signing keys, applicants' accounts
(sign-up and activation)."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from core.messaging import outbox_queue
from core.models import Medium
from org.models import Agency, CredentialKind, Role, SigningCredential, StaffRole

REGION_ADMIN_GROUP = "Admin daerah"


def region_admin_group() -> Group:
    """The group whose permissions let a region admin edit the org and catalog screens, the
    survey's elements and the Open311 keys of integrators."""
    group, _created = Group.objects.get_or_create(name=REGION_ADMIN_GROUP)
    # Set every time, so the group keeps up with screens added since it was made.
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=["org", "catalog"])
        | Permission.objects.filter(
            content_type__app_label="feedback",
            content_type__model__in=["surveyelement", "open311apikey"],
        )
    )
    return group


@transaction.atomic
def staff_role_grant(
    *, user, agency: Agency, role: Role | str, position: str = "", nip: str = ""
) -> StaffRole:
    """Give a user a role in an agency (again: updates position and NIP, reactivates)."""
    staff_role, _created = StaffRole.objects.update_or_create(
        user=user,
        agency=agency,
        role=role,
        defaults={"position": position, "nip": nip, "active": True},
    )
    staff_role.full_clean()
    region_admin_access_sync(user=user)
    return staff_role


def region_admin_access_sync(*, user) -> None:
    """Open or close the configuration screens to match the user's active region admin roles."""
    is_admin = StaffRole.objects.filter(user=user, role=Role.REGION_ADMIN, active=True).exists()
    group = region_admin_group()
    if is_admin:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    if user.is_superuser:
        return
    if user.is_staff != is_admin:
        user.is_staff = is_admin
        user.save(update_fields=["is_staff"])


@transaction.atomic
def signing_credential_install(*, user, region, p12: bytes, passphrase: str):
    """Give a signing official their key (a PKCS#12 file); the previous one is retired.

    The passphrase is checked here and not kept: the official types it at each signature.
    """
    from core.signing import certificate_summary

    common_name, not_after = certificate_summary(p12, passphrase)
    SigningCredential.objects.filter(user=user, region=region, active=True).update(active=False)
    return SigningCredential.objects.create(
        user=user, region=region, p12=p12, common_name=common_name, not_after=not_after
    )


def demo_authority(directory):
    """The demo's own certificate authority, made once and kept in `directory`."""
    from core import signing

    passphrase_file = directory / "ca-passphrase"
    if (directory / "ca.pem").exists() and passphrase_file.exists():
        return signing.authority_load(directory, passphrase_file.read_bytes())
    import secrets

    directory.mkdir(parents=True, exist_ok=True)
    passphrase = secrets.token_urlsafe(24).encode()
    authority = signing.authority_create(name="Satu Pintu Demo")
    signing.authority_save(authority, directory, passphrase)
    passphrase_file.write_bytes(passphrase)
    passphrase_file.chmod(0o600)
    return authority


@transaction.atomic
def signing_credential_install_token(
    *, user, region, token_label: str, key_label: str, certificate_pem: str
):
    """Give a signing official a key held on a PKCS#11 token (it never leaves the token);
    the certificate is kept to check its validity and to embed it in signatures."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    certificate = x509.load_pem_x509_certificate(certificate_pem.encode())
    name = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    SigningCredential.objects.filter(user=user, region=region, active=True).update(active=False)
    return SigningCredential.objects.create(
        user=user,
        region=region,
        kind=CredentialKind.PKCS11,
        token_label=token_label,
        key_label=key_label,
        certificate_pem=certificate_pem,
        common_name=str(name),
        not_after=certificate.not_valid_after_utc,
    )


# Applicants' accounts -------------------------------------------------------------------


def confirmed_accounts(email: str):
    """The accounts that own this e-mail address: active ones only. An applicant's account
    becomes active only through the link mailed to it, and staff accounts are made active
    by an administrator; a sign-up nobody confirmed owns nothing."""
    return get_user_model().objects.filter(email__iexact=email.strip(), is_active=True)


def unconfirmed_account(username: str, password: str | None = None):
    """A never-confirmed account of this username (and password, when given), or None;
    None too when a confirmed account owns its e-mail (no link is sent there again)."""
    user = (
        get_user_model()
        .objects.filter(username__iexact=username.strip(), is_active=False, last_login__isnull=True)
        .first()
    )
    if user is None or confirmed_accounts(user.email).exists():
        return None
    if password is not None and not user.check_password(password):
        return None
    return user


def applicant_confirmation_queue(*, user, link: str) -> None:
    """Queue the e-mail with the link (`link`) that activates a new account."""
    outbox_queue(
        messages=[(Medium.EMAIL, user.email)],
        subject=_("Confirm your Satu Pintu account"),
        body=_("Open this link to confirm your email and activate your account:\n%(link)s")
        % {"link": link},
        key=f"signup:{user.pk}:{get_random_string(12)}",
        object_type="user",
        object_id=user.pk,
    )


def _owner_notice_queue(owner, *, reset_link: str) -> None:
    """At most one mail a day to an address's owner when someone signs up with it: it helps
    an owner who forgot the account, and a stranger cannot make it more than one a day."""
    outbox_queue(
        messages=[(Medium.EMAIL, owner.email)],
        subject=_("Someone tried to sign up with your email"),
        body=_(
            "Someone tried to create a Satu Pintu account with this email, which your "
            "account already uses. If it was you, sign in or ask for a new password:\n"
            "%(link)s\nIf it was not you, you need not do anything: no account was created."
        )
        % {"link": reset_link},
        key=f"signup-taken:{owner.pk}:{timezone.localdate().isoformat()}",
        object_type="user",
        object_id=owner.pk,
    )


@transaction.atomic
def applicant_sign_up(
    *,
    name: str,
    email: str,
    password: str,
    confirmation_link: Callable[[Any], str],
    reset_link: str,
    mail_allowed: Callable[[str], bool],
) -> None:
    """Open an account that waits for its e-mail to be confirmed, with the mail that
    confirms it queued in the same transaction.

    The visitor is told "check your inbox" whatever happens here, so the page never says
    whether an address has an account. An address that a confirmed account owns is not
    taken again: its owner gets at most one notice a day and nothing is created. A
    never-confirmed sign-up of the address gets a fresh link. `confirmation_link` makes a
    user's activation link, `reset_link` is the password reset page, and a mail goes only
    where `mail_allowed(address)` (the interface's mail limits) says so.
    """
    users = get_user_model().objects
    owner = users.filter(Q(email__iexact=email) | Q(username__iexact=email), is_active=True).first()
    if owner is not None:
        if mail_allowed(owner.email):
            _owner_notice_queue(owner, reset_link=reset_link)
        return
    user = unconfirmed_account(email)
    if user is None:
        if users.filter(username__iexact=email).exists():
            return  # a closed account keeps its name; nothing to confirm
        first, _sep, last = name.partition(" ")
        user = users.create_user(
            username=email,
            email=email,
            password=password,
            first_name=first[:150],
            last_name=last[:150],
            is_active=False,
        )
    if mail_allowed(user.email):
        applicant_confirmation_queue(user=user, link=confirmation_link(user))


@transaction.atomic
def applicant_activate(*, user) -> bool:
    """Activate an account whose link was opened; False when its e-mail is already owned by
    another confirmed account (it was confirmed there first, and stays there)."""
    if user.is_active:
        return True
    if confirmed_accounts(user.email).exclude(pk=user.pk).exists():
        return False
    user.is_active = True
    user.save(update_fields=["is_active"])
    return True
