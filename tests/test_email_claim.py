"""An e-mail address is claimed only when confirmed: a stranger's sign-up never shadows it."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

from core.models import Notification
from tests.factories import PASSWORD

MALLORY = {
    "name": "Mallory",
    "email": "siti@example.id",
    "password1": "kopi-tubruk-88",
    "password2": "kopi-tubruk-88",
}


@pytest.fixture(autouse=True)
def empty_cache(db):
    """Rate-limit counts live in the cache: no test sees another's."""
    cache.clear()
    yield
    cache.clear()


def _signed_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


def test_a_sign_up_with_sitis_email_leaves_her_e_mail_sign_in_working(client, region, applicant):
    # Siti's account is "siti", active, with siti@example.id.
    response = client.post(reverse("portal:signup"), MALLORY)
    assert response.templates[0].name == "portal/signup_sent.html"
    assert list(get_user_model().objects.filter(email__iexact="siti@example.id")) == [applicant]
    response = client.post(reverse("login"), {"username": "siti@example.id", "password": PASSWORD})
    assert (response.status_code, _signed_in_user_id(client)) == (302, str(applicant.pk))


def test_siti_gets_at_most_one_notice_a_day_and_never_a_confirmation_link(
    client, region, applicant
):
    for _ in range(3):
        client.post(reverse("portal:signup"), MALLORY)
    assert list(Notification.objects.values_list("recipient", "subject")) == [
        ("siti@example.id", "Seseorang mencoba mendaftar dengan email Anda")
    ]
    assert "/daftar/aktifkan/" not in Notification.objects.get().body


def test_an_earlier_unconfirmed_sign_up_never_gets_sitis_confirmed_email(client, region):
    # Mallory signed up with Siti's address first; Siti's account is made after it.
    client.post(reverse("portal:signup"), MALLORY)
    mallory = get_user_model().objects.get(username="siti@example.id")
    link = re.search(r"https?://\S+", Notification.objects.get().body)[0]
    siti = get_user_model().objects.create_user(
        username="siti", email="Siti@Example.id", password=PASSWORD
    )
    response = client.get(link)
    assert (response.status_code, response.context["reason"]) == (
        400,
        "Email ini sudah menjadi milik akun lain.",
    )
    mallory.refresh_from_db()
    assert mallory.is_active is False
    # Siti signs in with her e-mail; the unconfirmed account named after it does not shadow her.
    response = client.post(reverse("login"), {"username": "siti@example.id", "password": PASSWORD})
    assert (response.status_code, _signed_in_user_id(client)) == (302, str(siti.pk))
    client.logout()
    # Nor can Mallory sign in with it, or have a fresh link sent to Siti.
    response = client.post(
        reverse("login"), {"username": "siti@example.id", "password": "kopi-tubruk-88"}
    )
    assert _signed_in_user_id(client) is None
    assert Notification.objects.count() == 1


def test_a_new_address_is_still_confirmed_by_its_link(client, region):
    client.post(
        reverse("portal:signup"),
        {**MALLORY, "name": "Ani Wijaya", "email": "ani@example.id"},
    )
    link = re.search(r"https?://\S+", Notification.objects.get().body)[0]
    assert client.get(link).url == reverse("login")
    response = client.post(
        reverse("login"), {"username": "ani@example.id", "password": "kopi-tubruk-88"}
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="ani@example.id").is_active is True
