"""Who may read and do what in the reconciliation.  Every closing view and tag goes through here.

- The steering office runs it: opens it, decides every line, resolves disputes, closes it.
- The office, the assessment office and leaders read every sheet of the zone.
- A department sees only its own 对账单: its liaison applies (and attaches evidence), its head
  confirms the sheet or disputes a line.
Objects outside the user's zone are 404; another department's sheet, line or file is 403.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from duban.accounts.permissions import is_office
from duban.ledger.permissions import is_head_of, is_liaison_of, reads_whole_zone

from .models import Attachment, Line, Reconciliation, Sheet


def reads_every_sheet(user) -> bool:
    return reads_whole_zone(user)


def visible_sheets(user):
    sheets = Sheet.objects.filter(zone_id=user.zone_id)
    if reads_every_sheet(user):
        return sheets
    if user.department_id is None:
        return sheets.none()
    return sheets.filter(department_id=user.department_id)


def get_reconciliation(user, reconciliation_id: int) -> Reconciliation:
    """The zone's reconciliation; its overview of every department is for those who read every sheet."""
    reconciliation = get_object_or_404(
        Reconciliation.objects.filter(zone_id=user.zone_id).select_related("plan", "carried_to"), pk=reconciliation_id
    )
    if not reads_every_sheet(user):
        raise PermissionDenied("只有领导小组办公室、绩效办和领导可以查看全部部门的对账情况")
    return reconciliation


def get_sheet(user, sheet_id: int) -> Sheet:
    sheet = get_object_or_404(
        Sheet.objects.filter(zone_id=user.zone_id).select_related(
            "department", "reconciliation", "reconciliation__plan", "confirmed_by"),
        pk=sheet_id,
    )
    if not visible_sheets(user).filter(pk=sheet.pk).exists():
        raise PermissionDenied("这不是您部门的对账单")
    return sheet


def get_line(user, line_id: int) -> Line:
    line = get_object_or_404(
        Line.objects.filter(zone_id=user.zone_id).select_related("item", "item__task"), pk=line_id
    )
    line.sheet = get_sheet(user, line.sheet_id)
    return line


def get_attachment(user, attachment_id: int) -> Attachment:
    attachment = get_object_or_404(Attachment.objects.filter(zone_id=user.zone_id), pk=attachment_id)
    attachment.line = get_line(user, attachment.line_id)
    return attachment


def can_run(user) -> bool:
    """Open, decide, resolve, close: the steering office."""
    return is_office(user)


def can_apply(user, line: Line) -> bool:
    """Apply for a line and attach its evidence: the department's liaison."""
    return is_liaison_of(user, line.department_id)


def can_confirm(user, sheet: Sheet) -> bool:
    """Confirm the sheet or dispute its lines: the department's head."""
    return is_head_of(user, sheet.department_id)
