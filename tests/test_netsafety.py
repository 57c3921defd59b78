"""URL safety: refuse internal, link-local, metadata and odd numeric addresses."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from etl.errors import ConnectionFailedError, UnsafeURLError
from etl.netsafety import check_address, check_url, resolve_safe


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/x",
        "http://100.64.0.1/",  # shared address space, not global
        "http://169.254.1.1/",  # link-local
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://[fd00:ec2::254]/",  # AWS metadata over IPv6
        "http://[fe80::1]/",  # IPv6 link-local
        "http://[fc00::1]/",  # IPv6 unique local
        "http://224.0.0.1/",  # multicast
        "http://0.0.0.0/",  # unspecified
        "http://240.0.0.1/",  # reserved
        "http://[::ffff:169.254.169.254]/",  # IPv4-mapped metadata
        "http://[::ffff:10.0.0.1]/",  # IPv4-mapped private
        "http://[2002:a9fe:a9fe::]/",  # 6to4 wrapping 169.254.169.254
        "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 wrapping 169.254.169.254
    ],
)
def test_internal_addresses_refused(url: str) -> None:
    with pytest.raises(UnsafeURLError):
        check_url(url)


@pytest.mark.parametrize("url", ["http://10.0.0.1/", "http://[fc00::1]/"])
def test_private_allowed_only_when_flagged(url: str) -> None:
    check_url(url, allow_private=True)


@pytest.mark.parametrize("url", ["http://169.254.169.254/", "http://[fd00:ec2::254]/"])
def test_metadata_refused_even_when_private_and_loopback_allowed(url: str) -> None:
    with pytest.raises(UnsafeURLError):
        check_url(url, allow_private=True, allow_loopback=True)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1/", "http://[::1]:8080/", "http://localhost/", "http://127.1.2.3/"]
)
def test_loopback_refused_by_default_and_allowed_when_flagged(url: str) -> None:
    with pytest.raises(UnsafeURLError):
        check_url(url)
    check_url(url, allow_loopback=True)


def test_loopback_flag_does_not_open_private_ranges() -> None:
    with pytest.raises(UnsafeURLError):
        check_url("http://192.168.0.1/", allow_loopback=True)


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/",  # decimal 127.0.0.1
        "http://0177.0.0.1/",  # octal
        "http://0x7f.0.0.1/",  # hex
        "http://0x7f000001/",
        "http://127.1/",  # short form
        "http://2852039166/",  # decimal 169.254.169.254
    ],
)
def test_numeric_host_tricks_refused_even_with_loopback_allowed(url: str) -> None:
    with pytest.raises(UnsafeURLError):
        check_url(url, allow_loopback=True)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.com/x",
        "gopher://example.com/",
        "javascript:alert(1)",
        "http:///nohost",
        "http://user:pw@example.com/",
        "http://example.com@169.254.169.254/",
        "http://[::1/",
    ],
)
def test_bad_schemes_and_shapes_refused(url: str) -> None:
    with pytest.raises(UnsafeURLError):
        check_url(url, allow_loopback=True)


def _fake_resolver(addresses: list[str]) -> Any:
    def getaddrinfo(host: str, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        out = []
        for address in addresses:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            sockaddr = (address, port, 0, 0) if family == socket.AF_INET6 else (address, port)
            out.append((family, socket.SOCK_STREAM, 6, "", sockaddr))
        return out

    return getaddrinfo


def test_every_resolved_address_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    # A name with one public and one internal address (DNS rebinding setup).
    monkeypatch.setattr(socket, "getaddrinfo", _fake_resolver(["93.184.216.34", "10.1.2.3"]))
    with pytest.raises(UnsafeURLError):
        check_url("https://news.example.com/a")


def test_public_name_resolves_to_pinned_addresses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        socket, "getaddrinfo", _fake_resolver(["93.184.216.34", "2606:2800:220:1::1"])
    )
    target = resolve_safe("https://news.example.com:8443/a?b=1")
    assert target.host == "news.example.com"
    assert target.port == 8443
    assert target.addresses == ("93.184.216.34", "2606:2800:220:1::1")


def test_name_resolving_to_metadata_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", _fake_resolver(["169.254.169.254"]))
    with pytest.raises(UnsafeURLError, match="metadata"):
        check_url("http://innocent.example/", allow_private=True, allow_loopback=True)


def test_dns_failure_is_transient(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    with pytest.raises(ConnectionFailedError):
        check_url("http://does-not-exist.example/")


def test_public_literal_accepted() -> None:
    check_url("https://93.184.216.34/")
    check_address("2606:2800:220:1::1")
