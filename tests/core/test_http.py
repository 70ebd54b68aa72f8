"""The client's address behind a known number of trusted proxies (item 15)."""

import pytest
from django.test import RequestFactory

from core.http import client_ip


def request_from(remote_addr: str, forwarded_for: str | None = None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **extra)


def test_client_ip_without_trusted_proxy_ignores_forwarded_for(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_client_ip_behind_one_proxy_is_the_address_the_proxy_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    # The client wrote "1.2.3.4" itself; nginx appended the address it saw.
    ip = client_ip(request_from("10.0.0.2", "1.2.3.4, 198.51.100.20"))

    assert ip == "198.51.100.20"


def test_client_ip_behind_two_proxies_skips_the_inner_one(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    ip = client_ip(request_from("10.0.0.2", "1.2.3.4, 198.51.100.20, 10.0.0.9"))

    assert ip == "198.51.100.20"


@pytest.mark.parametrize("header", [None, "", "not-an-address", " , "])
def test_client_ip_behind_a_proxy_without_a_usable_header_is_the_peer(settings, header):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_ip(request_from("10.0.0.2", header)) == "10.0.0.2"


def test_client_ip_normalises_ipv6(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_ip(request_from("10.0.0.2", "2001:DB8:0:0::1")) == "2001:db8::1"
