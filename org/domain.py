"""Workflows on the organisation: granting staff roles."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

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
