"""The parser measured on real, published task-division plans (tests/plans/corpus/).

Each ``*.expected.json`` beside a document holds what a careful office clerk records for every
item of it, written by reading the document (never from the parser's output); the format is in
tests/plans/corpus/README.md and the provenance in tests/plans/corpus/SOURCES.md.

An item counts as right when the parser has an item of that text whose lead, cooperating and
responsible parties are exactly the expected ones; a document's title and year are scored apart.
``pytest tests/plans/test_corpus.py -s`` prints the score per document and in total; the issue's
goal is 95 %, for the items and for the titles and years alike.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from duban.plans.parsing import ALL_DEPARTMENTS, PlanParseError, parse_document, read_document

CORPUS = Path(__file__).resolve().parent / "corpus"
GOAL = 0.95
#: The corpus's size in items when this was written; it may only grow.
MIN_ITEMS = 136
#: The containers an office uploads; the corpus holds a real document in each.
FORMATS = {".txt", ".docx", ".xlsx", ".pdf"}

# The words plans use for "every (relevant) department": one party, kept as the parser's word.
_ALL_WORDS = {"各部门", "各单位", "各有关部门", "各相关部门", "各有关单位", "各相关单位", "各成员单位", "有关部门"}
_HALF_TO_FULL = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，", ";": "；"})


def party(name: str) -> str:
    """A party's name as compared: no blanks, full-width brackets, one word for 'all departments'."""
    name = re.sub(r"\s+", "", name).translate(_HALF_TO_FULL)
    return ALL_DEPARTMENTS if name in _ALL_WORDS else name


def letters(text: str) -> str:
    """Text as compared when finding an item: words and digits only (punctuation and blanks differ)."""
    return "".join(re.findall(r"\w+", text))


def expected_files() -> list[Path]:
    return sorted(CORPUS.glob("*.expected.json"))


@dataclass
class Outcome:
    document: str
    items: int = 0
    right: int = 0
    title_right: bool = False
    year_right: bool = False
    error: str = ""
    misses: list[str] = field(default_factory=list)


def title_text(title: str) -> str:
    """A title as compared: no blanks, full-width brackets and punctuation."""
    return re.sub(r"\s+", "", title).translate(_HALF_TO_FULL)


def score(expected_path: Path) -> Outcome:
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    outcome = Outcome(expected["document"], items=len(expected["items"]))
    data = (CORPUS / expected["document"]).read_bytes()
    try:
        plan = parse_document(data, expected["document"])
    except PlanParseError as problem:
        outcome.error = str(problem)
        return outcome
    outcome.title_right = title_text(plan.title) == title_text(expected["title"])
    outcome.year_right = plan.year == expected["year"]
    if not outcome.title_right:
        outcome.misses.append(f"标题应为“{expected['title']}”，得到“{plan.title}”")
    if not outcome.year_right:
        outcome.misses.append(f"年度应为 {expected['year']}，得到 {plan.year}")
    candidates = [(task, item) for task in plan.tasks for item in task.items]
    used: set[int] = set()
    for want in expected["items"]:
        found = _find(want["find"], candidates, used)
        if found is None:
            outcome.misses.append(f"{want['find']}：未找到该事项")
            continue
        used.add(id(found))
        got = {
            "lead": sorted(party(n) for n in found.lead),
            "cooperating": sorted(party(n) for n in found.cooperating),
            "responsible": sorted(party(n) for n in found.responsible),
        }
        wanted = {role: sorted(party(n) for n in want.get(role, [])) for role in got}
        if got == wanted:
            outcome.right += 1
        else:
            outcome.misses.append(f"{want['find']}：应为 {wanted}，得到 {got}")
    return outcome


def _find(snippet: str, candidates, used):
    """The parser's item holding the snippet: in its own text first, else a one-item task's title."""
    key = letters(snippet)
    for _task, item in candidates:
        if id(item) not in used and key in letters(item.text):
            return item
    for task, item in candidates:
        if id(item) not in used and len(task.items) == 1 and key in letters(task.title):
            return item
    return None


def report(outcomes: list[Outcome]) -> str:
    lines = [f"{'document':48} {'items':>5} {'right':>5} {'share':>6} {'title':>5} {'year':>5}"]
    for o in outcomes:
        share = o.right / o.items if o.items else 0.0
        marks = f"{_mark(o.title_right):>5} {_mark(o.year_right):>5}"
        lines.append(f"{o.document:48} {o.items:5d} {o.right:5d} {share:6.0%} {marks}" + (f"  {o.error}" if o.error else ""))
        lines += [f"    - {miss}" for miss in o.misses]
    items = sum(o.items for o in outcomes)
    right = sum(o.right for o in outcomes)
    titles, years = share_of(outcomes, "title_right"), share_of(outcomes, "year_right")
    lines.append(f"{'total':48} {items:5d} {right:5d} {right / items:6.0%} {titles:5.0%} {years:5.0%}")
    return "\n".join(lines)


def _mark(right: bool) -> str:
    return "ok" if right else "MISS"


def share_of(outcomes: list[Outcome], attribute: str) -> float:
    """The share of documents whose title (``title_right``) or year (``year_right``) is right."""
    return sum(1 for o in outcomes if getattr(o, attribute)) / len(outcomes)


def test_corpus_is_what_the_issue_asks_for():
    """At least 15 real documents from at least 5 issuers, each with its expected output and source,
    in every format an office uploads, and no fewer items than the corpus had."""
    expected = [json.loads(p.read_text(encoding="utf-8")) for p in expected_files()]
    assert len({e["source"] for e in expected}) >= 15
    assert len({e["issuer"] for e in expected}) >= 5
    documents = {p.name for p in CORPUS.iterdir() if p.suffix in {*FORMATS, ".xls"}}
    assert documents == {e["document"] for e in expected}
    assert {Path(name).suffix for name in documents} >= FORMATS
    assert sum(len(e["items"]) for e in expected) >= MIN_ITEMS
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    for e in expected:
        assert e["source"] in sources, f"{e['source']} has no provenance in SOURCES.md"
        assert e["items"], e["document"]
        assert isinstance(e["title"], str) and (e["year"] is None or isinstance(e["year"], int)), e["document"]


def document_text(path: Path) -> str:
    """The document's text as its reader gives it (an .xlsx: every cell, row by row)."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        sheets = load_workbook(path, read_only=True).worksheets
        return "\n".join(str(v) for sheet in sheets for row in sheet.iter_rows(values_only=True) for v in row if v)
    return read_document(path.read_bytes(), path.name)


@pytest.mark.parametrize("expected_path", expected_files(), ids=lambda p: p.name.split(".")[0])
def test_every_expected_item_is_in_its_document_once(expected_path):
    """The clerk's items are the document's: each phrase found in its text, no two items the same."""
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    text = letters(document_text(CORPUS / expected["document"]))
    finds = [letters(item["find"]) for item in expected["items"]]
    assert [f for f in finds if f not in text] == []
    assert len(set(finds)) == len(finds)


def test_parser_gets_the_parties_right_on_real_plans():
    outcomes = [score(path) for path in expected_files()]
    text = report(outcomes)
    print("\n" + text)
    items = sum(o.items for o in outcomes)
    right = sum(o.right for o in outcomes)
    assert right / items >= GOAL, text


def test_parser_gets_the_titles_and_years_right_on_real_plans():
    outcomes = [score(path) for path in expected_files()]
    assert share_of(outcomes, "title_right") >= GOAL, report(outcomes)
    assert share_of(outcomes, "year_right") >= GOAL, report(outcomes)
