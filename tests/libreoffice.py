"""LibreOffice, where it is installed: files converted as a user's LibreOffice would read them.

LibreOffice is not a dependency of duban; a test that needs it is skipped on a machine without it.
Each conversion runs with a profile of its own, as two LibreOffice processes sharing one (another
test run, a user's desktop) clash.
"""

import shutil
import subprocess
from pathlib import Path

import pytest


#: The library of each LibreOffice application, by the suffix of the files it opens: Debian installs
#: Writer and Calc as separate packages, and a LibreOffice without Calc cannot open a workbook.
_APPLICATIONS = {".docx": ("Writer", "libswlo.so"), ".xlsx": ("Calc", "libsclo.so")}


def soffice(opening: str = ".docx") -> str:
    found = shutil.which("libreoffice") or shutil.which("soffice")
    if found is None:
        pytest.skip("未安装 LibreOffice，跳过")
    application, library = _APPLICATIONS[opening]
    if not (Path(found).resolve().parent / library).exists():
        pytest.skip(f"未安装 LibreOffice {application}，跳过")
    return found


def convert(data: bytes, name: str, to: str, workdir: Path) -> bytes:
    """``data`` (a file called ``name``) opened in LibreOffice and saved as ``to`` (pdf, xlsx, …)."""
    program = soffice(Path(name).suffix)
    source_dir, target_dir = workdir / "source", workdir / "converted"
    source_dir.mkdir(parents=True, exist_ok=True)
    source = source_dir / name
    source.write_bytes(data)
    profile = f"-env:UserInstallation={(workdir / 'profile').as_uri()}"
    subprocess.run([program, profile, "--headless", "--convert-to", to, "--outdir", str(target_dir), str(source)],
                   check=True, capture_output=True, timeout=180)
    return (target_dir / f"{source.stem}.{to}").read_bytes()


def pdf_pages(data: bytes, name: str, workdir: Path) -> list[str]:
    """The text of each page of ``data`` printed to PDF by LibreOffice, spaces removed."""
    return [page.extract_text().replace(" ", "").replace("\n", "") for page in _printed(data, name, workdir)]


def pdf_words(data: bytes, name: str, workdir: Path) -> list[tuple[int, float, float, str]]:
    """Each piece of text LibreOffice printed: (page, x, y from the page's bottom, in points; text)."""
    words = []
    for number, page in enumerate(_printed(data, name, workdir), 1):
        def visit(text, matrix, text_matrix, font, size, number=number):
            if text.strip():
                words.append((number, matrix[4] + text_matrix[4], matrix[5] + text_matrix[5], text.strip()))

        page.extract_text(visitor_text=visit)
    return words


def _printed(data: bytes, name: str, workdir: Path):
    import io

    from pypdf import PdfReader

    return PdfReader(io.BytesIO(convert(data, name, "pdf", workdir))).pages
