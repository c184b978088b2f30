"""The address printed on cards: phones in the hall must be able to open it, so not localhost."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit


def only_this_computer(base_url: str) -> bool:
    """True when the address opens only on the computer serving it (localhost, 127.x, ::1)."""
    host = (urlsplit(base_url).hostname or "").lower()
    if not host or host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False  # a name: the hall's DNS or a hosting service decides
    return address.is_loopback or address.is_unspecified


def lan_address() -> str | None:
    """This computer's address on the hall's network (Wi-Fi or a phone's hotspot), or None.

    Connecting a UDP socket sends nothing; it only asks the system which interface would be used.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere
            address = s.getsockname()[0]
    except OSError:
        return None
    return None if only_this_computer(f"http://{address}") else address


ANYWHERE = ("0.0.0.0", "::")  # listening on every network the computer is on


def base_url(host: str, port: int, lan: str | None) -> str:
    """The address for cards when HUSTINGS_BASE_URL is not set: the port the server listens on,
    and this computer's LAN address when it listens on every network."""
    if host in ANYWHERE:
        name = lan or "127.0.0.1"
    elif only_this_computer(f"http://{host}"):
        name = "127.0.0.1"
    else:
        name = host
    return f"http://{name}" + ("" if port == 80 else f":{port}")
