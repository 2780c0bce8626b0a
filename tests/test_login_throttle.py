"""Sign-in throttling and lockout: by account and by address, and the region admin's unlock."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.models import AuditEvent, Notification
from org.models import Role
from tests import factories
from tests.factories import PASSWORD

ATTACKER = "203.0.113.66"
ELSEWHERE = "198.51.100.20"
LOCKED_TITLE = "<h1>Masuk dijeda</h1>"


@pytest.fixture(autouse=True)
def empty_cache(db):
    """Rate-limit counts live in the cache: no test sees another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def quick_hashes(settings):
    """Hundreds of sign-ins: a quick hasher, since what is tested is counting, not hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _sign_in(client, username: str, password: str, *, address: str = ATTACKER):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _signed_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


def _guess(client, username: str, *, times: int = 100, address: str = ATTACKER) -> None:
    for _ in range(times):
        _sign_in(client, username, "bukan-sandinya", address=address)


@pytest.mark.parametrize(
    ("guessed_as", "then_as"),
    [
        ("dewi.fo", "dewi.fo"),  # staff, by username
        ("dewi.fo@example.id", "DEWI.FO"),  # staff: the e-mail and the username are one
        ("Siti", "siti@example.id"),  # an applicant: any case, then the e-mail
        ("SITI@example.id", "siti"),
    ],
)
def test_100_wrong_passwords_then_the_right_one_is_refused(
    client, region, front_office, applicant, guessed_as, then_as
):
    _guess(client, guessed_as)
    response = _sign_in(client, then_as, PASSWORD)
    assert (response.status_code, _signed_in_user_id(client)) == (429, None)
    assert LOCKED_TITLE in response.text
    assert "Coba lagi dalam 30 menit." in response.text
    assert "juga mengakhiri jeda untuk akun Anda" in response.text  # no need to wait


def test_another_address_still_signs_in_to_another_account_and_to_the_guessed_one(
    client, region, front_office, applicant
):
    _guess(client, "siti")
    response = _sign_in(client, "dewi.fo", PASSWORD, address=ELSEWHERE)
    assert (response.status_code, _signed_in_user_id(client)) == (302, str(front_office.pk))
    client.logout()
    # One address adds at most 5 failures to an account: it cannot lock Siti out alone.
    response = _sign_in(client, "siti@example.id", PASSWORD, address=ELSEWHERE)
    assert (response.status_code, _signed_in_user_id(client)) == (302, str(applicant.pk))


def test_an_address_guessing_many_accounts_is_locked_for_every_account(
    client, region, front_office
):
    for number in range(100):
        _sign_in(client, f"tebakan{number}", "bukan-sandinya")
    response = _sign_in(client, "dewi.fo", PASSWORD)
    assert (response.status_code, _signed_in_user_id(client)) == (429, None)
    response = _sign_in(client, "dewi.fo", PASSWORD, address=ELSEWHERE)
    assert (response.status_code, _signed_in_user_id(client)) == (302, str(front_office.pk))


def test_many_addresses_together_lock_an_account(client, region, front_office):
    for number in range(30):
        _sign_in(client, "dewi.fo", "bukan-sandinya", address=f"192.0.2.{number + 1}")
    response = _sign_in(client, "dewi.fo", PASSWORD, address=ELSEWHERE)
    assert (response.status_code, _signed_in_user_id(client)) == (429, None)


def test_the_region_admin_sees_the_lock_and_unlocks_it_audited(
    client, region, front_office, region_admin
):
    _guess(client, "dewi.fo")
    client.force_login(region_admin)
    page = client.get(reverse("backoffice:lockouts"))
    assert [
        (row["attempt"].username, row["attempt"].ip_address, row["account_locked"])
        for row in page.context["rows"]
    ] == [("dewi.fo", ATTACKER, True)]
    response = client.post(reverse("backoffice:lockouts"), {"username": "dewi.fo"})
    assert response.status_code == 302
    assert client.get(reverse("backoffice:lockouts")).context["rows"] == []
    event = AuditEvent.objects.get(action="unlock")
    assert (event.actor, event.object_type, event.object_id) == (
        region_admin,
        "axes.lockout",
        "dewi.fo",
    )
    client.logout()
    response = _sign_in(client, "dewi.fo", PASSWORD)
    assert (response.status_code, _signed_in_user_id(client)) == (302, str(front_office.pk))


def test_the_region_admin_unlocks_an_address(client, region, front_office, region_admin):
    for number in range(100):
        _sign_in(client, "dewi.fo" if number == 0 else f"tebakan{number}", "bukan-sandinya")
    client.force_login(region_admin)
    response = client.post(reverse("backoffice:lockouts"), {"address": ATTACKER})
    assert response.status_code == 302
    client.logout()
    response = _sign_in(client, "dewi.fo", PASSWORD)
    assert (response.status_code, _signed_in_user_id(client)) == (302, str(front_office.pk))


def test_a_region_admin_of_another_region_neither_sees_nor_unlocks(
    client, settings, region, front_office, other_region
):
    _guess(client, "dewi.fo")
    agency = factories.make_agency(
        other_region, short_name="DPMPTSP-L", unit_code="2.18.0.00.0.00.01.0000"
    )
    other_admin = factories.make_staff("admin.lain", agency, Role.REGION_ADMIN)
    settings.DEFAULT_REGION_CODE = other_region.code
    client.force_login(other_admin)
    assert client.get(reverse("backoffice:lockouts")).context["rows"] == []
    for data in ({"username": "dewi.fo"}, {"address": ATTACKER}, {"address": "bukan-alamat"}):
        assert client.post(reverse("backoffice:lockouts"), data).status_code == 404
    assert not AuditEvent.objects.filter(action="unlock").exists()
    client.logout()
    settings.DEFAULT_REGION_CODE = region.code
    response = _sign_in(client, "dewi.fo", PASSWORD)
    assert (response.status_code, _signed_in_user_id(client)) == (429, None)


def test_staff_of_other_roles_cannot_open_the_unlock_page(client, region, front_office):
    client.force_login(front_office)
    assert client.get(reverse("backoffice:lockouts")).status_code == 403


def test_a_new_password_from_the_mailed_link_ends_the_accounts_lock(client, region, applicant):
    for number in range(30):
        _sign_in(client, "siti", "bukan-sandinya", address=f"192.0.2.{number + 1}")
    assert _sign_in(client, "siti", PASSWORD, address=ELSEWHERE).status_code == 429
    client.post(reverse("password_reset"), {"email": "siti@example.id"}, REMOTE_ADDR=ELSEWHERE)
    mail = Notification.objects.get(recipient="siti@example.id")
    form_page = client.get(re.search(r"https?://\S+", mail.body)[0])
    done = client.post(
        form_page.url, {"new_password1": "teh-manis-2026", "new_password2": "teh-manis-2026"}
    )
    assert done.url == reverse("password_reset_complete")
    response = _sign_in(client, "siti@example.id", "teh-manis-2026", address=ELSEWHERE)
    assert (response.status_code, _signed_in_user_id(client)) == (302, str(applicant.pk))
