"""Helpers for the Excel tests: download through the pages, read and edit with openpyxl."""

import io

import openpyxl
from django.urls import reverse

from tests.exporting import content, downloaded


def download(client, name: str, plan, **query) -> bytes:
    """The file as the user gets it: the fill-in sheet at once; the export asked for (a POST),
    built — by a worker when it went to one — and downloaded."""
    if name == "export":
        response = downloaded(client, ask_export(client, plan, **query))
    else:
        response = client.get(reverse(f"ledger:{name}", args=[plan.pk]), query)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return content(response)


def ask_export(client, plan, **query):
    """Ask for the Excel 台账 export (the page's 导出 Excel): a redirect to the file or to the export's page."""
    return client.post(reverse("ledger:export", args=[plan.pk]), query)


def worksheet(data: bytes, read_only: bool = False):
    return openpyxl.load_workbook(io.BytesIO(data), read_only=read_only).worksheets[0]


def body(data: bytes) -> list[tuple]:
    """The body rows' values (below the title and the two header rows)."""
    return [row for row in worksheet(data).iter_rows(min_row=5, values_only=True)]


def row_of(sheet, text: str) -> int:
    """The row number whose 具体任务 (column C) contains ``text``."""
    for row in sheet.iter_rows(min_row=5):
        if text in (row[2].value or ""):
            return row[2].row
    raise AssertionError(f"no row for {text}")
