"""The client's address: X-Forwarded-For is believed only from the configured proxies."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.http import client_address
from tests.licensing_fixtures import *  # noqa: F403 - fixtures


def _request(peer, forwarded=None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_client_address_ignores_forwarded_for_from_an_untrusted_peer(settings):
    settings.SATUPINTU_TRUSTED_PROXIES = ["10.0.0.5/32"]
    assert client_address(_request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


def test_client_address_behind_the_trusted_proxy_is_the_forwarded_one(settings):
    settings.SATUPINTU_TRUSTED_PROXIES = ["10.0.0.5/32"]
    assert client_address(_request("10.0.0.5", "198.51.100.7")) == "198.51.100.7"


def test_client_address_a_spoofed_left_part_is_not_believed(settings):
    # The client wrote "1.2.3.4" itself; nginx appended the address it really saw.
    settings.SATUPINTU_TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = _request("10.0.0.5", "1.2.3.4, 198.51.100.7, 10.0.0.9")
    assert client_address(request) == "198.51.100.7"


@pytest.mark.parametrize("header", ["not-an-ip", "", "198.51.100.7, ::zz"])
def test_client_address_malformed_chain_falls_back_to_the_peer(settings, header):
    settings.SATUPINTU_TRUSTED_PROXIES = ["10.0.0.5"]
    assert client_address(_request("10.0.0.5", header)) == "10.0.0.5"


def test_client_address_without_proxies_configured_is_the_peer(settings):
    settings.SATUPINTU_TRUSTED_PROXIES = []
    assert client_address(_request("10.0.0.5", "198.51.100.7")) == "10.0.0.5"


def test_an_audit_entry_behind_the_proxy_records_the_client_not_the_proxy(
    client, settings, approved_reklame, front_office
):
    from core.models import AuditEvent

    settings.SATUPINTU_TRUSTED_PROXIES = ["10.0.0.5/32"]
    client.force_login(front_office)
    client.get(
        reverse("backoffice:case", args=[approved_reklame.pk]),
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7",
    )
    viewed = AuditEvent.objects.filter(action="viewed").latest("pk")
    assert (viewed.actor_label, viewed.client_address) == ("dewi.fo", "198.51.100.7")
