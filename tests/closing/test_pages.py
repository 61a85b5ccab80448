"""The 对账销号 pages: each role does its part through them, and sees only what it may."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.accounts.models import Role
from duban.closing import flow
from duban.closing.models import Attachment, Line, Reconciliation, Sheet

from .conftest import PDF, applied, closed_out

PROBE = "<img src=x onerror=alert(1)>"


def sheet_url(sheet) -> str:
    return reverse("closing:sheet", args=[sheet.pk])


def post(client, name: str, line: Line, data: dict, **files):
    """POST a line's form as the page does: its fields carry the line's prefix."""
    fields = {f"l{line.pk}-{key}": value for key, value in {**data, **files}.items()}
    return client.post(reverse(f"closing:{name}", args=[line.pk]), fields)


def test_the_office_opens_the_reconciliation_from_the_list(as_user, plan, office):
    client = as_user(office)
    assert "发起对账销号" in client.get(reverse("closing:index")).content.decode()
    response = client.post(reverse("closing:open", args=[plan.pk]), follow=True)
    reconciliation = Reconciliation.objects.get(plan=plan)
    assert response.redirect_chain[-1][0] == reverse("closing:reconciliation", args=[reconciliation.pk])
    assert "共 16 个部门的对账单" in response.content.decode()
    again = client.post(reverse("closing:open", args=[plan.pk]), follow=True)
    assert "已发起对账销号，不能重复发起" in again.content.decode()


def test_a_line_goes_from_liaison_to_office_to_head_through_the_pages(as_user, water_line, guijian_sheet, liaison,
                                                                      guijian_head, office):
    client = as_user(liaison)
    page = client.get(sheet_url(guijian_sheet)).content.decode()
    assert "提出申请" in page and "审定</button>" not in page and "确认对账单" not in page
    uploaded = post(client, "evidence_add", water_line, {}, file=SimpleUploadedFile("验收报告.pdf", PDF))
    assert uploaded.status_code == 302 and uploaded.url.endswith(f"#line-{water_line.pk}")
    assert post(client, "apply", water_line, {"request": "carry_over", "statement": "燃气管网未建成"}).status_code == 302

    client = as_user(office)
    # A carry-over without its stage goal is refused; the page comes back with what was typed.
    refused = post(client, "decide", water_line, {"decision": "carried_over", "note": "管网工程跨年度",
                                                  "new_deadline": "2021-06-30"})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "结转须填写阶段目标" in text and "管网工程跨年度" in text
    # Every gap at once: no reason, a deadline in this year, no stage goal.
    text = post(client, "decide", water_line, {"decision": "carried_over", "new_deadline": "2020-12-31"}).content.decode()
    assert "结转须填写结转原因；结转后的完成时限须在2021年或以后，2020年12月31日不在下一年度；结转须填写阶段目标" in text
    water_line.refresh_from_db()
    assert water_line.state == Line.State.APPLIED
    done = post(client, "decide", water_line, {"decision": "carried_over", "note": "管网工程跨年度",
                                               "new_deadline": "2021-06-30", "stage_goal": "完成燃气管网建设"})
    assert done.status_code == 302
    for line in guijian_sheet.lines.exclude(pk=water_line.pk):
        closed_out(line, liaison, office)

    client = as_user(guijian_head)
    page = client.get(sheet_url(guijian_sheet)).content.decode()
    assert "确认对账单" in page and "对审定结果提出异议" in page and "结转后完成时限：2021年6月30日" in page
    client.post(reverse("closing:confirm", args=[guijian_sheet.pk]))
    guijian_sheet.refresh_from_db()
    assert guijian_sheet.is_confirmed and guijian_sheet.confirmed_by == guijian_head
    page = client.get(sheet_url(guijian_sheet)).content.decode()
    assert "已由部门负责人确认，不能再修改" in page and "对审定结果提出异议" not in page
    # The overview shows who signed off.
    overview = as_user(office).get(reverse("closing:reconciliation", args=[guijian_sheet.reconciliation_id]))
    assert "guijian_head" in overview.content.decode()


def test_an_adjustment_takes_its_approval_document_with_the_decision(as_user, water_line, liaison, office):
    applied(water_line, liaison, Line.Request.ADJUST, "任务已由管委会调整")
    response = post(as_user(office), "decide", water_line, {"decision": "adjusted", "note": "取消该项任务"},
                    approval=SimpleUploadedFile("管委会批复.pdf", PDF))
    assert response.status_code == 302
    water_line.refresh_from_db()
    assert water_line.decision == "adjusted"
    assert water_line.attachments.get(purpose=Attachment.Purpose.APPROVAL).title == "管委会批复.pdf"


def test_a_file_over_the_limit_is_refused_with_its_name(as_user, water_line, liaison, settings):
    settings.DUBAN_EVIDENCE_MAX_BYTES = 10
    response = post(as_user(liaison), "evidence_add", water_line, {}, file=SimpleUploadedFile("大文件.pdf", PDF))
    assert response.status_code == 400 and "大文件.pdf：文件超过上限" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_dispute_and_its_resolution_through_the_pages(as_user, water_line, liaison, guijian_head, office):
    closed_out(water_line, liaison, office)
    post(as_user(guijian_head), "dispute", water_line, {"comment": "燃气部分尚未完成"})
    water_line.refresh_from_db()
    assert water_line.state == Line.State.DISPUTED
    client = as_user(office)
    page = client.get(sheet_url(water_line.sheet)).content.decode()
    assert "处理异议" in page and "负责人异议" in page and "燃气部分尚未完成" in page and "等待领导小组办公室处理" in page
    post(client, "resolve", water_line, {"reply": "同意，改为结转", "decision": "carried_over", "note": "燃气未完成",
                                         "new_deadline": "2021-03-31", "stage_goal": "完成燃气报装"})
    water_line.refresh_from_db()
    assert (water_line.state, water_line.decision, water_line.new_deadline) == ("decided", "carried_over",
                                                                               date(2021, 3, 31))
    assert "办公室处理：结转。同意，改为结转" in as_user(guijian_head).get(sheet_url(water_line.sheet)).content.decode()


def test_closing_from_the_overview_lands_the_carried_items(as_user, reconciliation, water_line, liaison, office,
                                                           finish):
    from .conftest import carried

    carried(water_line, liaison, office)
    client = as_user(office)
    url = reverse("closing:close", args=[reconciliation.pk])
    refused = client.post(url, {"next_plan": ""})
    assert refused.status_code == 400 and "对账单尚未确认，不能关闭" in refused.content.decode()
    finish()
    response = client.post(url, {"next_plan": ""}, follow=True)
    text = response.content.decode()
    assert "对账销号已关闭，结转任务已纳入《2021年度结转任务" in text and "（结转）第1项" in text


# ---- who sees what


@pytest.fixture
def shuiwu_head(make_user, zone):
    return make_user("shuiwu_head", zone, "水务局", Role.HEAD)


def test_a_department_sees_only_its_own_sheet(as_user, reconciliation, guijian_sheet, sheet_of, shuiwu, liaison):
    client = as_user(shuiwu)
    assert client.get(sheet_url(guijian_sheet)).status_code == 403
    assert client.get(reverse("closing:reconciliation", args=[reconciliation.pk])).status_code == 403
    index = client.get(reverse("closing:index")).content.decode()
    assert sheet_url(sheet_of("水务局")) in index and sheet_url(guijian_sheet) not in index
    assert client.get(sheet_url(sheet_of("水务局"))).status_code == 200


def test_each_role_does_only_its_part(as_user, water_line, guijian_sheet, liaison, guijian_head, office):
    flow.add_evidence(water_line, liaison, "佐证.pdf", PDF)
    # The head does not apply, the liaison does not decide or confirm, the office does not apply.
    assert post(as_user(guijian_head), "apply", water_line, {"request": "close", "statement": "x"}).status_code == 403
    assert post(as_user(office), "apply", water_line, {"request": "close", "statement": "x"}).status_code == 403
    flow.apply(water_line, liaison, "close", "已完成")
    assert post(as_user(liaison), "decide", water_line, {"decision": "closed"}).status_code == 403
    assert as_user(liaison).post(reverse("closing:confirm", args=[guijian_sheet.pk])).status_code == 403
    water_line.refresh_from_db()
    assert water_line.state == Line.State.APPLIED


def test_the_assessment_office_and_leaders_read_every_sheet_and_change_nothing(as_user, reconciliation, water_line,
                                                                             liaison, assessor, leader):
    applied(water_line, liaison)
    for reader in (assessor, leader):
        client = as_user(reader)
        assert client.get(reverse("closing:reconciliation", args=[reconciliation.pk])).status_code == 200
        page = client.get(sheet_url(water_line.sheet)).content.decode()
        assert "已全部完成" in page and "<button type=\"submit\">审定" not in page
        assert post(client, "decide", water_line, {"decision": "closed"}).status_code == 403
        assert client.post(reverse("closing:close", args=[reconciliation.pk])).status_code == 403
    water_line.refresh_from_db()
    assert water_line.state == Line.State.APPLIED


def test_files_are_served_only_to_those_who_read_the_sheet(as_user, water_line, liaison, shuiwu, office):
    attachment = flow.add_evidence(water_line, liaison, "验收报告.pdf", PDF)
    url = reverse("closing:attachment", args=[attachment.pk])
    for reader in (liaison, office):
        response = as_user(reader).get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert as_user(shuiwu).get(url).status_code == 403
    assert as_user(shuiwu).post(reverse("closing:attachment_delete", args=[attachment.pk])).status_code == 403
    assert Attachment.objects.filter(pk=attachment.pk).exists()


def test_another_zone_gets_404(client, reconciliation, guijian_sheet, water_line, make_user, other_zone):
    outsider = make_user("outsider", other_zone, "经发局", *Role.values)
    client.force_login(outsider)
    assert client.get(sheet_url(guijian_sheet)).status_code == 404
    assert client.get(reverse("closing:reconciliation", args=[reconciliation.pk])).status_code == 404
    assert post(client, "decide", water_line, {"decision": "closed"}).status_code == 404


def test_what_departments_write_is_shown_escaped(as_user, water_line, liaison, office):
    flow.add_evidence(water_line, liaison, f"{PROBE}.pdf", PDF)
    flow.apply(water_line, liaison, "close", f"{PROBE}说明")
    flow.decide(water_line, office, flow.Ruling("returned", f"{PROBE}要求"))
    for viewer in (liaison, office):
        page = as_user(viewer).get(sheet_url(water_line.sheet)).content.decode()
        assert PROBE not in page and "&lt;img src=x onerror=alert(1)&gt;说明" in page
        assert "&lt;img src=x onerror=alert(1)&gt;要求" in page


def test_the_sheet_page_costs_the_same_queries_for_a_small_and_a_large_sheet(as_user, sheet_of, office):
    client = as_user(office)
    client.get(sheet_url(sheet_of("财政局")))  # warm the caches (calendar, session)
    # Both hold items with measured targets (a sheet without any skips the service-type query).
    small, large = sheet_of("水务局"), sheet_of("经发局")
    assert small.lines.count() == 5 and large.lines.count() == 14
    counts = []
    for sheet in (small, large):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(sheet_url(sheet)).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_a_sheet_with_no_reconciliation_rights_is_refused(as_user, guijian_sheet, make_user, zone):
    nobody = make_user("nobody", zone, None)
    assert as_user(nobody).get(sheet_url(guijian_sheet)).status_code == 403
    assert Sheet.objects.filter(pk=guijian_sheet.pk, state="open").exists()


def _selected(page: str, line: Line, field: str) -> str:
    """The value the office's decision form of ``line`` starts with in ``field``."""
    import re
    name = f"l{line.pk}-{field}"
    if field == "decision":
        select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
        return re.search(r'<option value="([^"]*)" selected>', select).group(1)
    if field == "stage_goal":
        return re.search(rf'<textarea name="{name}"[^>]*>\s*(.*?)</textarea>', page, re.S).group(1)
    found = re.search(rf'<input type="date" name="{name}"(?: value="([^"]*)")?', page)
    return found.group(1) or ""


def test_the_office_s_form_starts_from_what_the_department_applied_for(as_user, water_line, guijian_sheet,
                                                                       sheet_of, liaison, office, shuiwu):
    client = as_user(liaison)
    post(client, "evidence_add", water_line, {}, file=SimpleUploadedFile("说明.pdf", PDF))
    # A proposed deadline in this year is refused.
    refused = post(client, "apply", water_line, {"request": "carry_over", "statement": "未建成", "deadline": "2020-12-31"})
    assert refused.status_code == 400
    assert "拟完成时限须在2021年或以后，2020年12月31日不在下一年度" in refused.content.decode()
    assert post(client, "apply", water_line, {"request": "carry_over", "statement": "燃气管网未建成",
                                              "deadline": "2021-09-30", "stage_goal": "完成燃气管网建设"}).status_code == 302
    shuiwu_line = sheet_of("水务局").lines.filter(is_lead=False).first()
    applied(shuiwu_line, shuiwu, Line.Request.CARRY_OVER, "未完成")  # no proposal: the documented default
    other = guijian_sheet.lines.exclude(pk=water_line.pk).first()
    applied(other, liaison, Line.Request.ADJUST, "已调整")

    page = as_user(office).get(sheet_url(guijian_sheet)).content.decode()
    assert "拟完成时限：2021年9月30日；拟阶段目标：完成燃气管网建设" in page
    assert _selected(page, water_line, "decision") == "carried_over"
    assert _selected(page, water_line, "new_deadline") == "2021-09-30"
    assert _selected(page, water_line, "stage_goal") == "完成燃气管网建设"
    assert _selected(page, other, "decision") == "adjusted" and _selected(page, other, "new_deadline") == ""
    page = as_user(office).get(sheet_url(sheet_of("水务局"))).content.decode()
    assert _selected(page, shuiwu_line, "decision") == "carried_over"
    assert _selected(page, shuiwu_line, "new_deadline") == "2021-06-30"  # 30 June of the next year
