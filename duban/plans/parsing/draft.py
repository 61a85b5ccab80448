"""What the parser understood of a plan document, before anything touches the database.

Plain dataclasses so the parser stays free of Django; the importer turns a
PlanDraft into Plan/Task/Item/Assignment/Target rows.  ``to_json()`` gives the
shape documented in docs/plan-format.md (the ``--dry-run --format json`` output).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

#: The word plans use for "every department of the zone".  It is kept as a
#: word in department lists and stored as an all-departments assignment,
#: never as a department of that name.
ALL_DEPARTMENTS = "各部门"

# Department kinds, as the issue names them.
KIND_INTERNAL = "内设机构"
KIND_STATIONED = "派驻机构"
KIND_COUNTY_OFFICE = "县协调办"
KIND_ENTERPRISE = "企业"
KIND_OTHER = "其他"
DEPARTMENT_KINDS = (KIND_INTERNAL, KIND_STATIONED, KIND_COUNTY_OFFICE, KIND_ENTERPRISE, KIND_OTHER)

# Target kinds and comparators.
QUANTITY = "quantity"
DELIVERABLE = "deliverable"
COMPARATORS = ("<=", ">=", "=")


class PlanParseError(ValueError):
    """The only exception the parser raises on bad input; its message is Chinese and user-facing."""


@dataclass
class DeadlineDraft:
    text: str  # as written, e.g. "2020年6月底前" or "持续推进"
    date: date | None = None  # the last day it allows; None when ongoing or unparseable
    ongoing: bool = False  # 持续推进 / 长期坚持

    def to_json(self) -> dict:
        return {"text": self.text, "date": self.date.isoformat() if self.date else None, "ongoing": self.ongoing}

    @classmethod
    def from_json(cls, data: dict) -> DeadlineDraft:
        return cls(data["text"], date.fromisoformat(data["date"]) if data["date"] else None, data["ongoing"])


@dataclass
class TargetDraft:
    subject: str  # e.g. 用水报装时间
    comparator: str | None  # "<=", ">=", "="; None for a deliverable
    value: float | None  # None for a deliverable
    unit: str  # as written: 工作日, 个, 千伏安, 环节, 法定时限 (value 0.5); the document title for a deliverable
    kind: str = QUANTITY  # QUANTITY or DELIVERABLE
    source: str = ""  # the phrase it was read from

    def to_json(self) -> dict:
        value = self.value
        if value is not None and float(value).is_integer():
            value = int(value)
        return {
            "subject": self.subject,
            "comparator": self.comparator,
            "value": value,
            "unit": self.unit,
            "kind": self.kind,
        }

    @classmethod
    def from_json(cls, data: dict) -> TargetDraft:
        value = data["value"]
        return cls(data["subject"], data["comparator"], None if value is None else float(value), data["unit"], data["kind"])


@dataclass
class ItemDraft:
    number: str  # as written ("1", "2"); "" for a task without numbered items
    text: str
    lead: list[str] = field(default_factory=list)  # canonical department names, or ALL_DEPARTMENTS
    cooperating: list[str] = field(default_factory=list)
    # A third role some plans name beside 牵头 and 配合 (责任单位 / 实施单位 next to a 牵头单位): kept
    # as written, never folded into one of the other two.
    responsible: list[str] = field(default_factory=list)
    targets: list[TargetDraft] = field(default_factory=list)
    deadline: DeadlineDraft | None = None
    line_start: int = 0  # 1-based, inclusive: the source lines this item came from
    line_end: int = 0
    # Where in those lines, when the item is only part of them (a paragraph of a line pasted from
    # the web): the offset in line_start where it begins, the one in line_end where it stops
    # (exclusive; None: the line's end).
    column: int = 0
    end_column: int | None = None
    # How sure the parser is of this item's parties, deadline and targets: 1.0 when every part was
    # read from an explicit label; lower, with a Chinese reason per doubt, when it had to guess
    # (e.g. "责任单位无牵头/配合之分，已按首位为牵头").  The import preview lists doubtful items first.
    confidence: float = 1.0
    doubts: list[str] = field(default_factory=list)
    # Party names completed from shorthand, each with the name as written ("奇台县协调办": "奇台"):
    # a guess the importer asks the office to check unless the zone's registry knows the name.
    completed: dict[str, str] = field(default_factory=dict)

    def doubt(self, reason: str, confidence: float) -> None:
        """Record a guess: the item's confidence is that of its weakest part."""
        if reason not in self.doubts:
            self.doubts.append(reason)
        self.confidence = min(self.confidence, confidence)

    def to_json(self) -> dict:
        return {
            "number": self.number,
            "text": self.text,
            "deadline": self.deadline.to_json() if self.deadline else None,
            "lead": list(self.lead),
            "cooperating": list(self.cooperating),
            "responsible": list(self.responsible),
            "targets": [t.to_json() for t in self.targets],
            "lines": [self.line_start, self.line_end],
            **({"columns": [self.column, self.end_column]} if self.is_part_of_lines else {}),
            "confidence": self.confidence,
            "doubts": list(self.doubts),
        }

    @classmethod
    def from_json(cls, data: dict) -> ItemDraft:
        """The item ``to_json`` gave (with ``completed`` when it was added to it)."""
        column, end_column = data.get("columns", [0, None])
        return cls(
            number=data["number"],
            text=data["text"],
            lead=list(data["lead"]),
            cooperating=list(data["cooperating"]),
            responsible=list(data["responsible"]),
            targets=[TargetDraft.from_json(target) for target in data["targets"]],
            deadline=DeadlineDraft.from_json(data["deadline"]) if data["deadline"] else None,
            line_start=data["lines"][0],
            line_end=data["lines"][1],
            column=column,
            end_column=end_column,
            confidence=data["confidence"],
            doubts=list(data["doubts"]),
            completed=dict(data.get("completed", {})),
        )

    @property
    def is_part_of_lines(self) -> bool:
        return self.column != 0 or self.end_column is not None

    def source(self, lines: list[str]) -> list[tuple[int, str]]:
        """The item's source lines, numbered, out of the document's ``lines`` (as splitlines gives
        them): only the item's part of them when it is part of a line."""
        source = [(n, lines[n - 1]) for n in range(self.line_start, self.line_end + 1) if 0 < n <= len(lines)]
        if source and self.is_part_of_lines:
            last = len(source) - 1
            source = [
                (n, line[self.column if index == 0 else 0 : self.end_column if index == last else None])
                for index, (n, line) in enumerate(source)
            ]
        return source


@dataclass
class TaskDraft:
    number: str  # as written, e.g. "（八）"
    title: str
    order: int
    items: list[ItemDraft] = field(default_factory=list)
    # The part of the plan it is under ("保障措施"), named where task numbers alone are ambiguous
    # (the （一）（二） of 保障措施 after those of 主要任务) or where a table's section row holds it.
    part: str = ""

    def to_json(self) -> dict:
        part = {"part": self.part} if self.part else {}
        return {"number": self.number, **part, "title": self.title, "items": [i.to_json() for i in self.items]}

    @classmethod
    def from_json(cls, data: dict, order: int) -> TaskDraft:
        items = [ItemDraft.from_json(item) for item in data["items"]]
        return cls(data["number"], data["title"], order, items, data.get("part", ""))

    @property
    def code(self) -> str:
        """How people cite the task: （八）, or 保障措施·（一） where the number alone is ambiguous."""
        return f"{self.part}·{self.number}" if self.part else self.number


@dataclass
class DepartmentDraft:
    name: str
    aliases: list[str] = field(default_factory=list)
    kind: str = KIND_OTHER

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> DepartmentDraft:
        return cls(data["name"], list(data["aliases"]), data["kind"])


@dataclass
class PlanDraft:
    title: str
    year: int | None
    description: str = ""
    tasks: list[TaskDraft] = field(default_factory=list)
    departments: list[DepartmentDraft] = field(default_factory=list)

    @property
    def items(self) -> list[ItemDraft]:
        return [item for task in self.tasks for item in task.items]

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "year": self.year,
            "description": self.description,
            "tasks": [t.to_json() for t in self.tasks],
            "departments": [d.to_json() for d in self.departments],
        }

    @classmethod
    def from_json(cls, data: dict) -> PlanDraft:
        """The draft ``to_json`` gave: what the preview read, kept for the confirmation."""
        return cls(
            title=data["title"],
            year=data["year"],
            description=data["description"],
            tasks=[TaskDraft.from_json(task, order) for order, task in enumerate(data["tasks"], start=1)],
            departments=[DepartmentDraft.from_json(department) for department in data["departments"]],
        )
