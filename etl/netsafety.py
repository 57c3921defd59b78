"""URL safety checks done before any network request (SSRF protection).

A crawler that follows links and redirects from the open web must never reach
the machine's own services, the private network or a cloud metadata endpoint.
Every address a host name resolves to is checked, and the caller connects to
one of those *checked* addresses (not to the name again) so that a DNS answer
cannot change between the check and the connection (DNS rebinding).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from etl.errors import ConnectionFailedError, UnsafeURLError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

ALLOWED_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}

# Cloud instance metadata endpoints: never reachable, whatever the flags say.
METADATA_ADDRESSES = frozenset(
    {
        ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, OpenStack
        ipaddress.ip_address("169.254.170.2"),  # AWS ECS task metadata
        ipaddress.ip_address("fd00:ec2::254"),  # AWS IMDS over IPv6
        ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
    }
)

# IPv6 prefixes that embed an IPv4 address; the embedded address is checked too.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")

# A label that a URL parser (WHATWG) or inet_aton would read as a number:
# decimal, octal (leading 0) or hex (0x..). Used to spot "http://2130706433/"
# or "http://0177.0.0.1/" style hosts, which are refused outright.
_NUMERIC_LABEL = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SafeTarget:
    """A URL that passed the checks, with the addresses to connect to.

    Attributes:
        scheme: ``http`` or ``https``.
        host: host name as written in the URL (lower case, no brackets).
        port: TCP port (default port of the scheme when absent).
        addresses: the checked IP addresses, in resolver order.
    """

    scheme: str
    host: str
    port: int
    addresses: tuple[str, ...]


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """Return the IPv4 address hidden inside an IPv6 one, if any.

    Covers IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d), 6to4
    (2002::/16), Teredo and NAT64 forms, which all can route to an IPv4 host.
    """
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64 or ip in _NAT64_LOCAL:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    packed = int(ip)
    # Deprecated IPv4-compatible form ::a.b.c.d (but not :: or ::1 themselves).
    if packed >> 32 == 0 and packed > 1:
        return ipaddress.IPv4Address(packed)
    return None


def classify_address(ip: IPAddress) -> str | None:
    """Name the reason an address is special, or ``None`` for a public address.

    Args:
        ip: the address to classify.

    Returns:
        ``"metadata"``, ``"loopback"``, ``"link-local"``, ``"multicast"``,
        ``"unspecified"``, ``"reserved"``, ``"private"`` or ``None``.
    """
    if ip in METADATA_ADDRESSES:
        return "metadata"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            return "link-local"
        inner = _embedded_ipv4(ip)
        if inner is not None:
            # The embedded IPv4 address decides; a public one embedded in
            # 6to4/NAT64 is still refused as "reserved" since we never need it.
            return classify_address(inner) or "reserved"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_reserved:
        return "reserved"
    # is_private covers RFC 1918, ULA fc00::/7, ...; "not global" catches the
    # rest (shared address space 100.64/10, documentation ranges, ...).
    if ip.is_private or not ip.is_global:
        return "private"
    return None


def check_address(
    address: str, *, allow_loopback: bool = False, allow_private: bool = False
) -> None:
    """Refuse an IP address the fetcher must not connect to.

    Args:
        address: textual IPv4 or IPv6 address (a ``%scope`` suffix is allowed).
        allow_loopback: accept 127.0.0.0/8 and ::1 (tests, local services).
        allow_private: accept private and other non-global unicast ranges.

    Raises:
        UnsafeURLError: the address is not one we may reach.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError as exc:
        raise UnsafeURLError(f"not an IP address: {address!r}", stage="fetch") from exc
    reason = classify_address(ip)
    if reason is None:
        return
    if reason == "loopback" and allow_loopback:
        return
    if reason == "private" and allow_private:
        return
    raise UnsafeURLError(f"refusing {reason} address {ip}", stage="fetch")


def _split(url: str) -> tuple[SplitResult, str, int]:
    """Parse and validate the syntax of a URL; return parts, host and port."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeURLError(f"malformed URL {url!r}: {exc}", stage="fetch") from exc
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise UnsafeURLError(f"scheme {scheme or '(none)'!r} not allowed: {url!r}", stage="fetch")
    if parts.username is not None or parts.password is not None:
        # "http://trusted.example@169.254.169.254/" style tricks; no use for us.
        raise UnsafeURLError(f"credentials in URL not allowed: {url!r}", stage="fetch")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise UnsafeURLError(f"URL has no host: {url!r}", stage="fetch")
    if any(ch in host for ch in " \t\r\n\\/%"):
        raise UnsafeURLError(f"invalid host {host!r}", stage="fetch")
    return parts, host, port if port is not None else DEFAULT_PORTS[scheme]


def _literal_ip(host: str) -> IPAddress | None:
    """Return the IP if ``host`` is a canonical IP literal, refusing odd numeric forms."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    labels = host.split(".")
    if _NUMERIC_LABEL.match(labels[-1]):
        # Browsers and inet_aton read "2130706433", "0x7f.1" or "0177.0.0.1" as
        # IPv4 addresses; only the canonical dotted quad is acceptable.
        raise UnsafeURLError(f"non-canonical numeric host {host!r} refused", stage="fetch")
    return None


def resolve_safe(
    url: str, *, allow_loopback: bool = False, allow_private: bool = False
) -> SafeTarget:
    """Check a URL and resolve its host to addresses that are safe to connect to.

    Every address the name resolves to must pass; one bad address fails the
    whole URL, so a name cannot mix a public and an internal address.

    Args:
        url: absolute http(s) URL.
        allow_loopback: accept loopback addresses (tests).
        allow_private: accept private address ranges (intranet deployments).

    Returns:
        The checked target; connect to one of ``addresses``.

    Raises:
        UnsafeURLError: bad scheme, credentials, odd numeric host or unsafe address.
        ConnectionFailedError: the name does not resolve (DNS failure).
    """
    parts, host, port = _split(url)
    literal = _literal_ip(host)
    if literal is not None:
        check_address(str(literal), allow_loopback=allow_loopback, allow_private=allow_private)
        return SafeTarget(parts.scheme.lower(), host, port, (str(literal),))
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ConnectionFailedError(f"cannot resolve {host!r}: {exc}", stage="fetch") from exc
    addresses: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        address = str(sockaddr[0])
        check_address(address, allow_loopback=allow_loopback, allow_private=allow_private)
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise ConnectionFailedError(f"no address for {host!r}", stage="fetch")
    return SafeTarget(parts.scheme.lower(), host, port, tuple(addresses))


def check_url(url: str, *, allow_loopback: bool = False, allow_private: bool = False) -> None:
    """Refuse a URL the pipeline must not fetch.

    Args:
        url: absolute URL to check.
        allow_loopback: accept loopback addresses (tests).
        allow_private: accept private address ranges.

    Raises:
        UnsafeURLError: scheme other than http/https, credentials in the URL,
            numeric host tricks, or a host resolving to a private, loopback,
            link-local, metadata, multicast, reserved or unspecified address.
        ConnectionFailedError: the host name does not resolve.
    """
    resolve_safe(url, allow_loopback=allow_loopback, allow_private=allow_private)


__all__ = [
    "METADATA_ADDRESSES",
    "SafeTarget",
    "check_address",
    "check_url",
    "classify_address",
    "resolve_safe",
]
