"""SSRF guard: refuse URLs whose host resolves to a private, loopback, link-local or reserved address.

A feed or a sitemap is untrusted input: it can list ``http://169.254.169.254/`` (cloud metadata) or
``http://localhost:6379/`` and turn the fetcher into a probe of the network it runs in. So every URL is
checked before each request and at each redirect hop, and the check is made again at connection time, on
the very addresses the socket connects to (:class:`GuardedBackend`), so a name that resolves to a public
address for the check and to a private one for the connection (DNS rebinding) is refused too.

Only globally routable unicast addresses pass. ``allow_private`` (``--allow-private-hosts``,
``NEWSEVENTS_ALLOW_PRIVATE_HOSTS=1``) lifts the rule; ``allowed_hosts`` lifts it for named hosts only (an
intranet feed server), and ``resolve`` pins names to addresses like curl's ``--resolve``.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpcore

from tasks.records import RejectError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

ALLOWED_SCHEMES = ("http", "https")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def system_resolve(host: str, port: int) -> list[str]:
    """Addresses of ``host`` from the system resolver, in its order, without repeats."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    out: list[str] = []
    for _family, _type, _proto, _canon, sockaddr in infos:
        addr = str(sockaddr[0]).split("%", 1)[0]  # drop an IPv6 zone id
        if addr not in out:
            out.append(addr)
    return out


def _embedded_ipv4(ip: IPAddress) -> IPAddress:
    """The IPv4 address inside an IPv4-mapped or NAT64 IPv6 address (those reach IPv4 hosts)."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def is_public(address: str | IPAddress) -> bool:
    """True for a globally routable unicast address; False for private, loopback, link-local, reserved,
    shared (CGNAT), multicast and unspecified ones."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    ip = _embedded_ipv4(ip)
    return bool(ip.is_global) and not ip.is_multicast and not ip.is_unspecified


@dataclass(frozen=True, slots=True)
class NetGuard:
    """The policy: which hosts may be fetched. Immutable and cheap to share between threads."""

    allow_private: bool = False
    allowed_hosts: frozenset[str] = frozenset()
    resolve_overrides: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    resolver: Resolver = system_resolve

    @classmethod
    def create(
        cls,
        allow_private: bool = False,
        allowed_hosts: Iterable[str] = (),
        resolve: Mapping[str, Iterable[str]] | None = None,
        resolver: Resolver = system_resolve,
    ) -> NetGuard:
        return cls(
            allow_private=allow_private,
            allowed_hosts=frozenset(h.lower() for h in allowed_hosts),
            resolve_overrides={k.lower(): tuple(v) for k, v in (resolve or {}).items()},
            resolver=resolver,
        )

    def addresses(self, host: str, port: int) -> list[str]:
        """Every address ``host`` resolves to, each one checked; raises a ``fetch`` reject otherwise."""
        name = host.lower().rstrip(".")
        try:
            if name in self.resolve_overrides:
                addrs = list(self.resolve_overrides[name])
            elif _is_ip_literal(name):
                addrs = [name]
            else:
                addrs = self.resolver(name, port)
        except (OSError, UnicodeError) as exc:
            raise RejectError("fetch", "dns_error", f"cannot resolve {host!r}: {exc}") from None
        if not addrs:
            raise RejectError("fetch", "dns_error", f"{host!r} resolves to no address")
        if self.allow_private or name in self.allowed_hosts:
            return addrs
        for addr in addrs:
            try:
                public = is_public(addr)
            except ValueError:
                public = False
            if not public:
                raise RejectError(
                    "fetch",
                    "private_address",
                    f"{host} resolves to {addr}, a private/loopback/link-local/reserved address; "
                    "use --allow-private-hosts (NEWSEVENTS_ALLOW_PRIVATE_HOSTS=1) to allow it",
                )
        return addrs

    def check_url(self, url: str) -> list[str]:
        """Refuse a URL that is not http(s), has no host or an unallowed host; return its addresses."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise RejectError("fetch", "invalid_url", f"{url!r}: {exc}") from None
        if parts.scheme.lower() not in ALLOWED_SCHEMES:
            raise RejectError("fetch", "unsupported_scheme", f"{parts.scheme or 'no'} scheme in {url!r}")
        if not parts.hostname:
            raise RejectError("fetch", "invalid_url", f"no host in {url!r}")
        default = 443 if parts.scheme.lower() == "https" else 80
        return self.addresses(parts.hostname, port or default)


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, but it resolves the host itself, checks every address with the guard,
    and connects only to checked addresses (TLS still verifies the original host name)."""

    def __init__(self, guard: NetGuard) -> None:
        self.guard = guard

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        last: Exception | None = None
        for addr in self.guard.addresses(host, port):
            try:
                return super().connect_tcp(addr, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last
