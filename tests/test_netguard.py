"""The SSRF guard: private, loopback, link-local and reserved addresses are refused unless allowed —
before the request, at each redirect hop, and again at connection time."""

from __future__ import annotations

import socket

import pytest
from httpserver import LocalServer, Reply

from tasks.fetch import Fetcher, FetchOptions
from tasks.netguard import NetGuard, is_public
from tasks.records import RejectError

FAST = FetchOptions(connect_timeout=1, read_timeout=1, total_timeout=3, retries=0, per_host_rate=0)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("93.184.216.34", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("127.1.2.3", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # shared address space (CGNAT)
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("192.0.2.1", False),  # documentation range
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("::ffff:10.0.0.1", False),
        ("64:ff9b::7f00:1", False),  # NAT64 form of 127.0.0.1
    ],
)
def test_netguard_is_public(address: str, public: bool) -> None:
    assert is_public(address) is public


FAKE_DNS = {
    "public.test": ["93.184.216.34"],
    "inward.test": ["127.0.0.1"],
    "metadata.test": ["169.254.169.254"],
    "mixed.test": ["93.184.216.34", "10.0.0.7"],
}


def fake_resolver(host: str, port: int) -> list[str]:
    if host not in FAKE_DNS:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return FAKE_DNS[host]


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://public.test/news", None),
        ("https://public.test:8443/news", None),
        ("http://inward.test/", "private_address"),
        ("http://metadata.test/latest/meta-data/", "private_address"),
        ("http://mixed.test/", "private_address"),  # one private address is enough to refuse
        ("http://127.0.0.1:6379/", "private_address"),
        ("http://[::1]/", "private_address"),
        ("http://nowhere.test/", "dns_error"),
        ("file:///etc/passwd", "unsupported_scheme"),
        ("ftp://public.test/x", "unsupported_scheme"),
        ("http:///no-host", "invalid_url"),
        ("http://public.test:99999/", "invalid_url"),
    ],
)
def test_netguard_check_url(url: str, reason: str | None) -> None:
    guard = NetGuard.create(resolver=fake_resolver)
    if reason is None:
        assert guard.check_url(url)
        return
    with pytest.raises(RejectError) as info:
        guard.check_url(url)
    assert (info.value.stage, info.value.reason) == ("fetch", reason)


@pytest.mark.parametrize("guard", [
    NetGuard.create(allow_private=True, resolver=fake_resolver),
    NetGuard.create(allowed_hosts=["inward.test"], resolver=fake_resolver),
])  # fmt: skip
def test_netguard_allow_private_or_named_host(guard: NetGuard) -> None:
    assert guard.check_url("http://inward.test/feed.xml") == ["127.0.0.1"]


def test_netguard_refuses_loopback_server_by_default(http_server: LocalServer) -> None:
    url = http_server.route("/page", Reply(body="<p>hello</p>"))
    with Fetcher(FAST) as fetcher, pytest.raises(RejectError) as info:
        fetcher.fetch(url)
    assert info.value.reason == "private_address"
    assert http_server.requests == []  # nothing ever reached the server
    with Fetcher(FAST.model_copy(update={"allow_private_hosts": True})) as fetcher:
        assert fetcher.fetch(url).content == b"<p>hello</p>"


def test_netguard_refuses_redirect_from_public_name_to_loopback(http_server: LocalServer) -> None:
    """news.example.test is allowed (pinned to the test server, like curl --resolve); it redirects to
    127.0.0.1, which is not: the hop is refused and the inward URL never requested."""
    inward = http_server.route("/admin", Reply(body="secret"))
    http_server.route("/story", Reply(302, headers={"Location": inward}))
    guard = NetGuard.create(allowed_hosts=["news.example.test"], resolve={"news.example.test": ["127.0.0.1"]})
    with Fetcher(FAST, guard=guard) as fetcher:
        with pytest.raises(RejectError) as info:
            fetcher.fetch(http_server.url("/story", host="news.example.test"))
        assert info.value.reason == "private_address"
        assert "127.0.0.1" in info.value.detail
    assert [r.path for r in http_server.requests if r.path != "/robots.txt"] == ["/story"]
    assert http_server.hits("/admin") == []


def test_netguard_checks_addresses_again_at_connect_time(http_server: LocalServer) -> None:
    """DNS rebinding: the name is public when checked, private when the socket connects — refused."""
    url = http_server.route("/page", Reply(body="<p>x</p>"))
    answers = iter([["93.184.216.34"], ["127.0.0.1"], ["127.0.0.1"], ["127.0.0.1"]])

    def rebinding(host: str, port: int) -> list[str]:
        return next(answers)

    guard = NetGuard.create(resolver=rebinding)
    settings = FAST.model_copy(update={"respect_robots": False})
    with Fetcher(settings, guard=guard) as fetcher, pytest.raises(RejectError) as info:
        fetcher.fetch(url.replace("127.0.0.1", "rebind.test"))
    assert info.value.reason == "private_address"
    assert http_server.requests == []
