"""Who may download which 公文.  Every view and tag of the app goes through here.

- 工作进展情况报告 and 情况通报 (a plan's: every department's reports and figures): the steering
  office issues them; the assessment office and leaders read them.  Departments do not download
  them: they would show other departments' reports, which the ledger does not let them read.
- 督办通知单: whoever may read the notice (``supervision.permissions``): the office, the assessment
  office and leaders, and the users of the department it is addressed to — never another's.
- 催办单: the office issues one for any department; the assessment office and leaders read them;
  a department's liaison and head download their own department's — never another's.
Objects of another zone are 404; inside the zone but not the user's, 403.
"""

from duban.accounts.models import Role
from duban.accounts.permissions import require
from duban.ledger.permissions import reads_whole_zone
from duban.plans.permissions import get_department, get_plan
from duban.supervision.permissions import get_notice


def can_read_plan_documents(user) -> bool:
    return reads_whole_zone(user)


def plan_for_documents(user, plan_id: int):
    plan = get_plan(user, plan_id)
    require(can_read_plan_documents(user), "只有领导小组办公室、绩效办和领导可以下载进展报告和情况通报")
    return plan


def notice_for_sheet(user, notice_id: int):
    return get_notice(user, notice_id)


def can_read_reminder_sheet(user, department) -> bool:
    if department.zone_id != user.zone_id:
        return False
    own = user.department_id == department.pk and user.has_role(Role.LIAISON, Role.HEAD)
    return reads_whole_zone(user) or own


def department_for_reminder_sheet(user, department_id: int):
    department = get_department(user, department_id)
    require(can_read_reminder_sheet(user, department), "只能下载本部门的催办单")
    return department
