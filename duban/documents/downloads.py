"""A built file handed to the browser: the one response every download of a document uses.

The 公文 (.docx), the closing 对账单 and the assessment results (.xlsx), the case import's error
file: each is built in memory and sent as an attachment under its Chinese name (RFC 6266's
``filename*``, which every browser reads).  The only module of ``duban.documents`` that knows
Django: the builders stay pure, the views call this.
"""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
