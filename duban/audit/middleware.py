"""auditlog's middleware, with the client address taken the way duban trusts it."""

from auditlog.middleware import AuditlogMiddleware

from .addresses import client_ip


class AuditMiddleware(AuditlogMiddleware):
    """Records the actor and address of every audited change made during a request.

    auditlog's own middleware believes the left-most X-Forwarded-For entry, which any client can
    write; duban takes the address from ``addresses.client_ip`` instead.
    """

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)

    @staticmethod
    def _get_remote_port(request):
        return None  # the port of a NAT or proxy hop identifies nobody
