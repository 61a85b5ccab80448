"""What the reconciliation decided, for the apps above it (assessment).  A stable interface:

- ``decisions(plan)``: (assignment id, department id) of every obligation that has a decision →
  its latest decision code: ``"closed"`` 销号, ``"carried_over"`` 结转, ``"adjusted"`` 调整,
  ``"returned"`` 退回.  The key is the ledger's obligation (``duban.ledger.obligations``): for
  各部门 the assignment names no department, so the department is part of the key.  A line sent
  back and applied for again keeps ``"returned"`` until the office decides again; a line never
  decided is absent.
- ``closing_of(plan)``: the plan's reconciliation, or None when none has been opened.
"""

from __future__ import annotations

from .models import Line, Reconciliation

CLOSED, CARRIED_OVER, ADJUSTED, RETURNED = (
    Line.Decision.CLOSED.value, Line.Decision.CARRIED_OVER.value, Line.Decision.ADJUSTED.value,
    Line.Decision.RETURNED.value,
)


def decisions(plan) -> dict[tuple[int, int], str]:
    lines = (
        Line.objects.filter(sheet__reconciliation__plan=plan)
        .exclude(decision="")
        .values_list("assignment_id", "department_id", "decision")
    )
    return {(assignment_id, department_id): decision for assignment_id, department_id, decision in lines}


def closing_of(plan) -> Reconciliation | None:
    return Reconciliation.objects.filter(plan=plan).first()
