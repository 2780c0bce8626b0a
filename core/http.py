"""The client's address, behind the reverse proxies this install is told to trust."""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.SATUPINTU_TRUSTED_PROXIES)))


def client_address(request) -> str:
    """The address of whoever sent the request.

    `X-Forwarded-For` is read only when the direct peer is a configured proxy
    (SATUPINTU_TRUSTED_PROXIES), and then from the right: each trusted proxy appends the
    address it saw, so the first untrusted one met from the right is the client. Anything
    further left was written by the client itself and is never believed.
    """
    peer = request.META.get("REMOTE_ADDR", "")
    if not _trusted(peer):
        return peer
    header = request.headers.get("x-forwarded-for", "")
    forwarded = [hop.strip() for hop in header.split(",") if hop.strip()]
    for hop in reversed(forwarded):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return peer  # a malformed chain: fall back to the proxy, never to a guess
        if not _trusted(hop):
            return hop
    return forwarded[0] if forwarded else peer
