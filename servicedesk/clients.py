"""Who is asking, without keeping who is asking.

A client is its network address (an IPv6 client by its /64 network, which one household or
phone holds), reduced to a keyed hash: enough to count its attempts and never enough to name it.

The address is the connection's own unless the connection comes from one of our proxies
(``TRUSTED_PROXIES``, addresses or CIDR ranges): only then is ``X-Forwarded-For`` read, from
the right, past our own proxies, to the first address none of them is. Anything to the left of
that was written by the client and is never believed.
"""

import functools
import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import salted_hmac

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# An IPv6 client is its /64; a provider hands a customer a /48 (or a /56), so the wider prefix
# is counted too: rotating through the /64s of one allocation does not escape the limits.
CLIENT_PREFIX_IPV6 = 64
WIDER_PREFIX_IPV6 = 48


@functools.lru_cache(maxsize=8)
def parse_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """``("10.0.0.0/8", "2001:db8::1")`` → networks; a bad entry stops the start-up."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(f"TRUSTED_PROXIES: {entry!r} is not an address") from error
    return tuple(networks)


def _parse(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    if address.version == 6:
        if address.ipv4_mapped:  # a dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d
            return address.ipv4_mapped
        if address.scope_id:
            return ipaddress.IPv6Address(int(address))
    return address


def _is_trusted(address: Address, proxies: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in proxies)


def client_ip(request) -> Address | None:
    """The client's address: the connection's, or behind our proxies the first address in
    ``X-Forwarded-For``, from the right, that is not one of them. A malformed entry ends the
    walk at the last proxy we trust (whatever stands left of it is the client's to choose)."""
    cached = getattr(request, "_client_ip", False)
    if cached is not False:
        return cached
    address = _parse(request.META.get("REMOTE_ADDR", ""))
    proxies = parse_networks(tuple(settings.TRUSTED_PROXIES))
    if address is not None and proxies and _is_trusted(address, proxies):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = forwarded.split(",") if forwarded.strip() else []
        for hop in reversed(hops):
            previous = _parse(hop)
            if previous is None:
                break
            address = previous
            if not _is_trusted(address, proxies):
                break
    request._client_ip = address
    return address


def client_address(request) -> str:
    """The client as counted: its address, an IPv6 client's /64 network."""
    address = client_ip(request)
    if address is None:
        return "unknown"
    if address.version == 6:
        return _network_address(address, CLIENT_PREFIX_IPV6)
    return str(address)


def _network_address(address: Address, prefix: int) -> str:
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def axes_client_ip(request) -> str | None:
    """django-axes' client address (``AXES_CLIENT_IP_CALLABLE``): the one our limits count."""
    address = client_address(request)
    return None if address == "unknown" else address


def _hash(value: str) -> str:
    return salted_hmac("servicedesk.client", value).hexdigest()[:32]


def client_hash(request) -> str:
    """A keyed hash of the client's address: stable for counting, useless for identifying."""
    cached = getattr(request, "_client_hash", None)
    if cached is None:
        cached = request._client_hash = _hash(client_address(request))
    return cached


def wider_client_hash(request) -> str | None:
    """For an IPv6 client, a keyed hash of its wider network (the /48); None for IPv4."""
    address = client_ip(request)
    if address is None or address.version == 4:
        return None
    return _hash(f"{_network_address(address, WIDER_PREFIX_IPV6)}/{WIDER_PREFIX_IPV6}")
