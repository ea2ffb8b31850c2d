"""Where the service may send a request of its own (a story's webhook): never into the network
it runs in, unless the operator says so.

A webhook URL is checked when a story is created and again before every delivery (a name that
resolved to a public address yesterday may resolve to 127.0.0.1 today). Its host is resolved the
way the HTTP client will resolve it (so `2130706433`, `0x7f.1` and `127.1` are 127.0.0.1), and
every address must be global: loopback, private, shared, link-local, multicast, reserved and
unspecified addresses are refused, IPv4 and IPv6 alike, and an IPv6 address that carries an IPv4
one (mapped, 6to4, Teredo) is judged by the IPv4 inside. `SUMMARIZER_WEBHOOK_ALLOW` names hosts
or networks that may be reached although internal (a receiver on the same network).

`redacted(url)` is how a URL appears in logs, errors and answers: without its user and password.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]


class Refused(ValueError):
    """A URL the service will not send to; the message says why, without credentials."""


@dataclass(frozen=True)
class Allowed:
    """Internal hosts and networks the operator lets webhooks reach."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[Network, ...] = ()

    @classmethod
    def parse(cls, text: str | None) -> Allowed:
        hosts, networks = set(), []
        for item in (text or "").split(","):
            if not (item := item.strip().lower()):
                continue
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                hosts.add(item.strip("[]"))
        return cls(frozenset(hosts), tuple(networks))

    def covers(self, host: str, addresses: Iterable[Address]) -> bool:
        if host.lower() in self.hosts:
            return True
        found = list(addresses)
        return bool(found) and all(any(a in n for n in self.networks) for a in found)


def redacted(url: str) -> str:
    """`url` without a user or password (what logs and answers show)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparsable URL>"
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"***@{host}" + (f":{parts.port}" if _port(parts) else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def _port(parts: object) -> int | None:
    try:
        return parts.port  # type: ignore[attr-defined]
    except ValueError:
        return None


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def inner(address: Address) -> Address:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, Teredo), else the address itself."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address.teredo is not None:
            return address.teredo[1]
        if address in _NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def internal(address: Address) -> str | None:
    """Why an address is not one to send to (None: it is global)."""
    address = inner(address)
    for why, test in (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
    ):
        if test:
            return why
    if not address.is_global:
        return "not global"
    return None


def check_url(url: str, allowed: Allowed = Allowed(), resolve: Resolver = system_resolver) -> None:
    """Raise Refused unless `url` is an http(s) URL whose host resolves only to addresses the
    service may reach."""
    try:
        parts = urlsplit(url)
    except ValueError:
        raise Refused("the webhook URL cannot be parsed") from None
    if parts.scheme not in ("http", "https"):
        raise Refused("the webhook must be an http or https URL")
    host = parts.hostname
    if not host:
        raise Refused("the webhook URL has no host")
    try:
        port = parts.port
    except ValueError:
        raise Refused("the webhook URL's port is not a number from 0 to 65535") from None
    try:
        found = resolve(host, port or (443 if parts.scheme == "https" else 80))
    except (OSError, UnicodeError):
        raise Refused(f"the webhook host {host!r} does not resolve") from None
    addresses = [ipaddress.ip_address(a.split("%", 1)[0]) for a in found]
    if not addresses:
        raise Refused(f"the webhook host {host!r} does not resolve")
    if allowed.covers(host, addresses):
        return
    for address in addresses:
        if why := internal(address):
            raise Refused(
                f"the webhook host {host!r} is an internal address ({address}: {why}); "
                "SUMMARIZER_WEBHOOK_ALLOW lists the internal receivers allowed"
            )
