"""Office files built in the tests: a .docx from a function that fills a new document."""

import io

import docx


def docx_of(build):
    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
