"""The client's address, as the audit trail and the login lockout both record it.

By default it is the socket peer (``REMOTE_ADDR``).  Forwarding headers are believed only when
``DUBAN_PROXY_COUNT`` says how many reverse proxies stand in front of duban: each proxy appends
the address it received the request from, so the client is the N-th address from the right.
Everything left of that was written by the client and may be forged — trusting it would let
anyone choose the address the audit trail records, or dodge the lockout with a new address
on every attempt.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    count = getattr(settings, "PROXY_COUNT", 0)
    if not count:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
