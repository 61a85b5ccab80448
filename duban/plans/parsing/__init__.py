"""The plan-document parser: a plan's text (or .txt/.docx/.pdf file) to a PlanDraft.

Pure Python, no Django: the importer turns the draft into database rows.
What the parser understands is documented in docs/plan-format.md.
"""

from .draft import (
    ALL_DEPARTMENTS,
    DeadlineDraft,
    DepartmentDraft,
    ItemDraft,
    PlanDraft,
    PlanParseError,
    TargetDraft,
    TaskDraft,
)
from .parser import parse_document, parse_plan
from .readers import read_document

__all__ = [
    "ALL_DEPARTMENTS",
    "DeadlineDraft",
    "DepartmentDraft",
    "ItemDraft",
    "PlanDraft",
    "PlanParseError",
    "TargetDraft",
    "TaskDraft",
    "parse_document",
    "parse_plan",
    "read_document",
]
