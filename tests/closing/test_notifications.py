"""The people the next step waits for are told, once: the department when the reconciliation opens or a
line is sent back, the office when a head disputes, the head when the sheet is ready to confirm."""

from duban.closing import flow
from duban.closing.models import Line
from duban.notifications.models import Notification

from .conftest import applied, closed_out


def titles(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("pk").values_list("title", flat=True))


def test_each_step_tells_whom_it_waits_for(plan, office, liaison, guijian_head, shuiwu, make_user, zone):
    reconciliation = flow.open_reconciliation(plan, office)
    sheet = reconciliation.sheets.get(department__name="规建局")
    assert titles(liaison) == titles(guijian_head) == ["2020年度对账销号已开始：请核对规建局对账单并逐项申请"]
    assert titles(shuiwu) == ["2020年度对账销号已开始：请核对水务局对账单并逐项申请"]

    first, *rest = sheet.lines.all()
    flow.decide(applied(first, liaison), office, flow.Ruling(Line.Decision.RETURNED, "补充验收报告"))
    assert titles(liaison)[-1] == f"对账事项被退回：{first.item.code}，请按补充整改要求重新申请"
    flow.decide(flow.apply(first, liaison, "close", "已补充"), office, flow.Ruling(Line.Decision.CLOSED))
    for line in rest:
        closed_out(line, liaison, office)
    assert titles(guijian_head)[-1] == "规建局对账单已全部审定，请负责人确认"

    flow.dispute(first, guijian_head, "应为结转")
    assert titles(office) == ["规建局对对账事项提出异议"]
    flow.resolve(first, office, "维持")
    # Ready again after the dispute: told again.
    assert titles(guijian_head).count("规建局对账单已全部审定，请负责人确认") == 2
