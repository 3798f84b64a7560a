"""Who is asking, without keeping who is asking.

A client is its network address (an IPv6 client by its /64 network, which one household or
phone holds), reduced to a keyed hash: enough to count its attempts and never enough to name it.
"""

import ipaddress

from django.conf import settings
from django.utils.crypto import salted_hmac


def client_address(request) -> str:
    """The client's address; behind N trusted proxies, the N-th address from the right of
    X-Forwarded-For (the one our own load balancer saw)."""
    hops = settings.TRUSTED_PROXY_COUNT
    address = request.META.get("REMOTE_ADDR", "")
    if hops:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)
    return str(parsed)


def client_hash(request) -> str:
    """A keyed hash of the client's address: stable for counting, useless for identifying."""
    cached = getattr(request, "_client_hash", None)
    if cached is None:
        cached = salted_hmac("servicedesk.client", client_address(request)).hexdigest()[:32]
        request._client_hash = cached
    return cached
