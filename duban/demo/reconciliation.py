"""The demo's 2020 reconciliation (对账销号), in progress: every page of the closing app has content.

Six small departments have confirmed their sheets (国土分局 with an item carried over to 2021,
党政办 with one adjusted on the 管委会's approval); 规建局's sheet is fully decided but its head
disputes one line; 经发局 is half way (some lines closed out, one sent back, some awaiting the
office, some not applied for); 水务局 has applied for everything; the others have not started.
Loaded once: a plan that has a reconciliation is left alone.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from duban.accounts.models import User
from duban.closing import flow
from duban.closing.models import Line, Reconciliation
from duban.plans.models import Plan

from .loading import demo_author

Ruling, Decision, Request = flow.Ruling, Line.Decision, Line.Request

#: A one-page PDF standing for the departments' scanned evidence.
EVIDENCE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

CONFIRMED = ("党政办", "财政局", "国土分局", "奇台县协调办", "木垒县协调办", "吉木萨尔县协调办")

#: The demo accounts that act for their departments; other departments act through the demo author.
SPEAKERS = {"经发局": ("jingfa", "jingfa_head"), "规建局": ("guijian", "guijian_head")}


def load_reconciliation(plan: Plan, today: date) -> int:
    """Open and advance the plan's reconciliation once.  Returns the number of lines decided."""
    if Reconciliation.objects.filter(plan=plan).exists():
        return 0
    author = demo_author(plan.zone)
    users = {u.username: u for u in User.objects.filter(zone=plan.zone)}
    office = users.get("office", author)

    def speakers(name: str) -> tuple[User, User]:
        liaison, head = SPEAKERS.get(name, ("", ""))
        return users.get(liaison, author), users.get(head, author)

    decided = 0
    with transaction.atomic():
        reconciliation = flow.open_reconciliation(plan, office)
        sheets = {s.department.name: s for s in reconciliation.sheets.select_related("department")}
        for name in CONFIRMED:
            liaison, head = speakers(name)
            for line in _lines(sheets[name]):
                _decide(line, liaison, office, *_confirmed_outcome(name, line))
                decided += 1
            flow.confirm(sheets[name], head)

        liaison, head = speakers("规建局")
        for line in _lines(sheets["规建局"]):
            if line.is_lead and line.item.code == "（八）第3项":
                _decide(line, liaison, office, Request.CLOSE, Ruling(
                    Decision.CARRIED_OVER, "居民燃气报装中位用时超过承诺的 3 个工作日，燃气报装线上办理尚未上线",
                    date(2021, 6, 30), "居民燃气报装压缩至 3 个工作日以内，实现线上申请"))
                flow.dispute(line, head, "超时办件系燃气公司施工排期所致，已督促整改，线上申请已于 6 月开通，申请按销号处理")
            else:
                _decide(line, liaison, office, Request.CLOSE, Ruling(Decision.CLOSED))
            decided += 1

        liaison, _head = speakers("经发局")
        for index, line in enumerate(_lines(sheets["经发局"])):
            if index < 4:
                _decide(line, liaison, office, Request.CLOSE, Ruling(Decision.CLOSED))
                decided += 1
            elif index == 4:
                _decide(line, liaison, office, Request.CLOSE, Ruling(
                    Decision.RETURNED, "佐证材料只有工作总结，请补充企业开办全流程时限统计表"))
            elif index < 8:
                _apply(line, liaison, Request.CLOSE)

        liaison, _head = speakers("水务局")
        for line in _lines(sheets["水务局"]):
            _apply(line, liaison, Request.CLOSE)
    return decided


def _lines(sheet) -> list[Line]:
    return list(sheet.lines.select_related("item", "item__task", "sheet__reconciliation__plan"))


def _confirmed_outcome(department: str, line: Line) -> tuple[str, Ruling]:
    """What a confirmed department asked for on a line, and what the office decided."""
    if department == "国土分局" and line.is_lead:
        return Request.CARRY_OVER, Ruling(
            Decision.CARRIED_OVER, "闲置土地处置实施方案待自治区自然资源厅批复，年内无法完成处置",
            date(2021, 6, 30), "完成处置实施方案报批，启动首批闲置土地处置")
    if department == "党政办" and line.is_lead:
        return Request.ADJUST, Ruling(
            Decision.ADJUSTED, "中西医综合门诊部建设并入园区医疗卫生专项规划，本方案不再单列",
            approval=("管委会关于调整医疗服务设施建设任务的批复.pdf", EVIDENCE))
    return Request.CLOSE, Ruling(Decision.CLOSED, "佐证材料齐全，予以销号")


def _apply(line: Line, liaison: User, request: str) -> Line:
    flow.add_evidence(line, liaison, f"{line.item.code}完成情况佐证.pdf", EVIDENCE)
    statements = {
        Request.CLOSE: "已按方案要求完成，完成情况及佐证材料见附件。",
        Request.CARRY_OVER: "年内未能完成，申请结转至下一年度继续推进。",
        Request.ADJUST: "该项任务已按管委会决定调整，申请按调整处理。",
    }
    return flow.apply(line, liaison, request, f"{line.item.task.title}：{statements[request]}")


def _decide(line: Line, liaison: User, office: User, request: str, ruling: Ruling) -> Line:
    return flow.decide(_apply(line, liaison, request), office, ruling)
