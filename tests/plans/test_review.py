"""The import preview: doubtful items first beside their source lines, the office's corrections of
parties, deadlines and targets, and those corrections on the audit trail as the office's changes.
Also the third role (责任单位) and each item's confidence and doubts, as stored."""

import re

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duban.ledger.obligations import obligations_of_department, obligations_of_plan
from duban.plans import review
from duban.plans.importing import import_plan, preview_import
from duban.plans.models import Assignment, Item, Plan, Target
from duban.plans.parsing import parse_plan
from duban.zones.models import Department

from .test_importing import table_counts

TYPO = "党正办"  # (十)'s lead, 党政办, mistyped: no such department in the registry


@pytest.fixture
def typo_bytes(seed_bytes) -> bytes:
    text = seed_bytes.decode("utf-8")
    assert text.count("牵头部门：党政办") == 1
    return text.replace("牵头部门：党政办", f"牵头部门：{TYPO}").encode("utf-8")


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def upload(client, data: bytes, name: str = "方案.txt"):
    return client.post(reverse("plans:import"), {"document": SimpleUploadedFile(name, data)})


def token_of(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def fields_of(page: str) -> dict[str, str]:
    """Every text field of the preview form with the value it shows, as the browser would send it."""
    return dict(re.findall(r'<input type="text" name="([^"]+)" value="([^"]*)"', page))


def key_of(form: dict[str, str], suffix: str, value: str) -> str:
    """The item key ("9-0") whose field ``{key}{suffix}`` shows ``value``."""
    return next(k[: -len(suffix)] for k, v in form.items() if k.endswith(suffix) and v == value)


def confirm_refused(client, page: str, form: dict[str, str]):
    """Confirm the preview, expecting a refusal that writes nothing; the page shown again."""
    before = table_counts()
    response = client.post(reverse("plans:import_confirm"), {"token": token_of(page), **form})
    assert response.status_code == 400 and table_counts() == before
    return response


def item_of(plan: Plan, task_number: str) -> Item:
    return Item.objects.get(task__plan=plan, task__number=task_number)


def parties(item: Item, role: str) -> list[str]:
    return [a.department_name for a in item.assignments.filter(role=role).order_by("order")]


# --- doubtful items first -----------------------------------------------------------------------

def test_an_item_naming_an_unknown_department_is_doubtful_and_listed_first(zone, typo_bytes):
    preview = preview_import(zone, typo_bytes, "方案.txt")
    items = review.review_items(preview)
    first = items[0]
    assert first.task.number == "（十）" and first.is_doubtful
    assert first.doubts == [f"部门“{TYPO}”不在部门名录中，确认后将新建"]
    assert [n for n, _ in first.lines] == [first.item.line_start] and "社区卫生服务站4个" in first.lines[0][1]
    assert not any(i.is_doubtful for i in items[1:])  # the other 16 items were all read from labels


def test_a_zone_s_first_plan_makes_no_name_suspect_all_are_new_only_shorthand_is_checked(db, typo_bytes):
    from duban.zones.models import Zone

    preview = preview_import(Zone.objects.create(name="新开发区"), typo_bytes, "方案.txt")
    doubtful = [i for i in review.review_items(preview) if i.is_doubtful]
    # Only the names completed from shorthand are guesses the office has to check: no registry confirms them.
    assert TYPO in preview.new_names
    assert [(i.task.number, i.doubts) for i in doubtful] == [
        ("（十）", ["部门简称“奇台”已补全为“奇台县协调办”，请核对", "部门简称“木垒”已补全为“木垒县协调办”，请核对"])
    ]


def test_a_name_completed_from_shorthand_is_no_doubt_when_the_registry_knows_it(zone, seed_bytes):
    # The demo zone's registry has 奇台县协调办 and 木垒县协调办: the completion is confirmed.
    preview = preview_import(zone, seed_bytes, "方案.txt")
    assert not any(i.is_doubtful for i in review.review_items(preview))


def test_the_parser_s_own_doubts_come_first_lowest_confidence_first(zone, seed_bytes):
    text = seed_bytes.decode("utf-8")
    draft = parse_plan(text)
    draft.tasks[3].items[0].doubt("责任单位无牵头/配合之分，已按首位为牵头", 0.6)
    draft.tasks[8].items[0].doubt("完成时限无法识别", 0.9)
    preview = preview_import(zone, seed_bytes, "方案.txt", parsed=(text, draft))
    items = review.review_items(preview)
    assert [(i.task.number, i.confidence) for i in items[:2]] == [("（四）", 0.6), ("（九）", 0.9)]
    assert items[0].doubts == ["责任单位无牵头/配合之分，已按首位为牵头"]


def test_the_preview_page_shows_the_doubtful_item_first_with_its_reason_and_source(office_client, typo_bytes):
    page = upload(office_client, typo_bytes).text
    doubtful, rest = page.split("其余事项")
    assert "需要核对的事项（1 项）" in doubtful
    assert "（十）实施健康服务业优化升级行动" in doubtful and f"部门“{TYPO}”不在部门名录中" in doubtful
    assert "支持建设社区卫生服务站4个" in doubtful  # the source line beside it
    assert "其余事项（16 项）" not in doubtful and "（16 项）" in rest[:20]


# --- corrections --------------------------------------------------------------------------------

def test_correcting_the_lead_imports_the_correction_and_the_audit_trail_shows_the_office_s_change(
    office_client, office, typo_bytes, zone
):
    page = upload(office_client, typo_bytes).text
    form = fields_of(page)
    key = key_of(form, "-lead", TYPO)
    form[f"{key}-lead"] = "党政办"
    response = office_client.post(reverse("plans:import_confirm"), {"token": token_of(page), **form})
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plans:detail", args=[plan.pk])

    item = item_of(plan, "（十）")
    assert parties(item, "lead") == ["党政办"]
    # The doubt as the preview showed it, marked as checked: the item is no longer doubtful.
    assert item.doubts == [f"已由办公室核对：部门“{TYPO}”不在部门名录中，确认后将新建"]
    assert (item.confidence, item.is_doubtful) == (1.0, False)
    # No item names the typo any more, so it never became a department.
    assert not Department.objects.filter(zone=zone, name=TYPO).exists()
    assert "新增部门 0 个" in office_client.get(response["Location"]).text

    kind = ContentType.objects.get_for_model(Assignment)
    entries = LogEntry.objects.filter(content_type=kind, additional_data__zone=zone.pk)
    assert not entries.filter(object_repr__startswith=TYPO).exists()
    added = entries.filter(action=LogEntry.Action.CREATE, object_repr="党政办（牵头部门）").latest("pk")
    assert added.actor == office and added.object_id == item.assignments.get(role="lead").pk
    # The correction reads as one on the trail; what the import itself wrote does not.
    assert added.additional_data == {"zone": zone.pk, "note": "导入核对更正"}
    imported = entries.filter(action=LogEntry.Action.CREATE).exclude(pk=added.pk)
    assert imported.exists() and not imported.filter(additional_data__has_key="note").exists()
    checked = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Item), object_id=item.pk, action=LogEntry.Action.UPDATE
    )
    assert checked.additional_data["note"] == "导入核对更正" and "doubts" in checked.changes_dict


def test_a_misspelt_name_corrected_in_one_item_but_kept_in_another_is_still_created(zone, seed_bytes):
    text = seed_bytes.decode("utf-8")
    draft = parse_plan(text)
    ten, four = draft.tasks[9], draft.tasks[3]
    ten.items[0].lead = [TYPO]
    four.items[0].cooperating = [*four.items[0].cooperating, TYPO]
    preview = preview_import(zone, seed_bytes, "方案.txt", parsed=(text, draft))
    fix = review.ItemCorrection(ten.order, 1, "（十）", parties={Assignment.Role.LEAD: ["党政办"]})
    result = import_plan(preview, corrections=review.Corrections(preview.year, [fix]))
    assert [d.name for d in result.new_departments] == [TYPO]  # （四） still names it
    assert parties(item_of(result.plan, "（十）"), "lead") == ["党政办"]
    assert TYPO in parties(item_of(result.plan, "（四）"), "cooperating")


def test_clearing_a_misspelt_cooperating_name_creates_no_department(office_client, seed_bytes, zone):
    text = seed_bytes.decode("utf-8").replace("配合部门：水务局", f"配合部门：水务局、{TYPO}", 1)
    page = upload(office_client, text.encode("utf-8")).text
    form = fields_of(page)
    key = next(k[: -len("-cooperating")] for k, v in form.items() if k.endswith("-cooperating") and TYPO in v)
    form[f"{key}-cooperating"] = "水务局"
    office_client.post(reverse("plans:import_confirm"), {"token": token_of(page), **form})
    item = Item.objects.get(task__number="（八）", number="3")
    assert parties(item, "cooperating") == ["水务局"]
    assert not Department.objects.filter(zone=zone, name=TYPO).exists()


def test_other_items_untouched_by_the_office_are_imported_as_read(office_client, typo_bytes):
    page = upload(office_client, typo_bytes).text
    office_client.post(reverse("plans:import_confirm"), {"token": token_of(page), **fields_of(page)})
    plan = Plan.objects.get()
    assert parties(item_of(plan, "（十）"), "lead") == [TYPO]  # nothing corrected: kept as read
    water = Item.objects.get(task__plan=plan, task__number="（八）", number="3")
    assert parties(water, "lead") == ["规建局"] and parties(water, "cooperating") == ["水务局"]


def test_correcting_a_deadline_and_targets_is_saved_and_audited(office_client, office, seed_bytes):
    page = upload(office_client, seed_bytes).text
    form = fields_of(page)
    key = next(k.split("-target")[0] for k, v in form.items() if k.endswith("-value") and v == "20")
    form[f"{key}-deadline"] = "2020年9月底前"
    form[f"{key}-target-0-value"] = "15"
    form[f"{key}-target-1-delete"] = "on"
    office_client.post(reverse("plans:import_confirm"), {"token": token_of(page), **form})
    item = Item.objects.get(task__number="（八）", number="3")
    assert (item.deadline.isoformat(), item.deadline_text, item.ongoing) == ("2020-09-30", "2020年9月底前", False)
    targets = list(item.targets.order_by("order"))
    assert targets[0].subject == "用水报装时间" and targets[0].value == 15
    assert [t.order for t in targets] == [0, 2, 3]  # the second one deleted

    change = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Item), object_id=item.pk, action=LogEntry.Action.UPDATE
    ).get()
    assert change.actor == office and "deadline" in change.changes_dict
    target_change = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Target), object_id=targets[0].pk, action=LogEntry.Action.UPDATE
    )
    assert target_change.actor == office and target_change.changes_dict["value"][1].startswith("15")


def test_the_office_adds_a_target_and_a_deliverable_to_an_item_and_both_are_audited(office_client, office, seed_bytes):
    page = upload(office_client, seed_bytes).text
    assert 'name="0-0-newtarget-subject"' in page  # every item offers an empty new-target row
    form = fields_of(page)
    key = key_of(form, "-lead", "党政办")
    form[f"{key}-newtarget-subject"] = "新建社区卫生服务站"
    form[f"{key}-newtarget-comparator"] = ">="
    form[f"{key}-newtarget-value"] = "4"
    form[f"{key}-newtarget-unit"] = "个"
    water = next(k.split("-target")[0] for k, v in form.items() if k.endswith("-value") and v == "20")
    form[f"{water}-newtarget-subject"] = "《用水报装服务指南》"
    office_client.post(reverse("plans:import_confirm"), {"token": token_of(page), **form})

    added = Target.objects.get(item__task__number="（十）", subject="新建社区卫生服务站")
    assert (added.kind, added.comparator, added.value, added.unit) == ("quantity", ">=", 4, "个")
    assert added.promise == "≥ 4 个"
    water_item = Item.objects.get(task__number="（八）", number="3")
    guide = water_item.targets.get(subject="《用水报装服务指南》")
    assert guide.kind == "deliverable" and guide.value is None
    assert guide.order == max(t.order for t in water_item.targets.all())  # after the four read ones
    assert water_item.targets.count() == 5
    created = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Target), object_id=added.pk, action=LogEntry.Action.CREATE
    )
    assert created.actor == office


def test_a_new_target_without_a_name_or_with_a_wrong_value_writes_nothing(office_client, seed_bytes):
    page = upload(office_client, seed_bytes).text
    form = fields_of(page)
    key = key_of(form, "-lead", "党政办")
    form[f"{key}-newtarget-subject"], form[f"{key}-newtarget-value"] = "服务站", "四个"
    water = next(k.split("-target")[0] for k, v in form.items() if k.endswith("-value") and v == "20")
    form[f"{water}-newtarget-value"] = "5"
    response = confirm_refused(office_client, page, form)
    assert "（十）：新增指标“服务站”的目标值“四个”不是数字" in response.text
    assert "（八）第3项：新增指标须填写指标名称" in response.text
    assert f'name="{key}-newtarget-value" value="四个"' in response.text  # kept to fix


def test_a_wrong_correction_writes_nothing_and_shows_the_entries_again_with_the_problem(office_client, seed_bytes):
    page = upload(office_client, seed_bytes).text
    form = fields_of(page)
    key = key_of(form, "-lead", "党政办")
    form[f"{key}-lead"] = "党政办、新设局"
    form[f"{key}-deadline"] = "尽快"
    response = confirm_refused(office_client, page, form)
    assert "（十）：完成时限“尽快”无法识别" in response.text
    assert 'value="党政办、新设局"' in response.text  # what the office typed is kept to fix
    # A name no one knows yet is no error: the preview lists it as a department to create.
    assert re.search(r'<li class="typed">新设局 <span class="tag new">新部门</span>', response.text)

    form[f"{key}-deadline"] = ""
    office_client.post(reverse("plans:import_confirm"), {"token": token_of(response.text), **form})
    assert Plan.objects.count() == 1  # the same upload, confirmed once fixed


def test_a_department_the_office_types_that_no_one_knows_is_created_on_confirm(office_client, office, seed_bytes, zone):
    page = upload(office_client, seed_bytes).text
    form = fields_of(page)
    key = key_of(form, "-lead", "党政办")
    form[f"{key}-cooperating"] = "财政局、营商环境局"
    response = office_client.post(reverse("plans:import_confirm"), {"token": token_of(page), **form})
    assert response.status_code == 302
    created = Department.objects.get(zone=zone, name="营商环境局")
    assert created.kind == "内设机构"
    assert parties(item_of(Plan.objects.get(), "（十）"), "cooperating") == ["财政局", "营商环境局"]
    assert "新增部门 1 个" in office_client.get(response["Location"]).text


def test_a_typed_department_name_too_long_for_the_registry_is_refused(office_client, seed_bytes):
    page = upload(office_client, seed_bytes).text
    form = fields_of(page)
    key = key_of(form, "-lead", "党政办")
    form[f"{key}-lead"] = "局" * 101
    response = confirm_refused(office_client, page, form)
    assert "（十）：部门名称“" in response.text and "过长（不超过 100 字）" in response.text


def test_a_confirmed_preview_cannot_be_confirmed_twice(office_client, seed_bytes):
    page = upload(office_client, seed_bytes).text
    data = {"token": token_of(page), **fields_of(page)}
    office_client.post(reverse("plans:import_confirm"), data)
    again = office_client.post(reverse("plans:import_confirm"), data, follow=True)
    assert "导入已失效" in again.text and Plan.objects.count() == 1


# --- the third role, confidence and doubts, as stored --------------------------------------------

@pytest.fixture
def responsible_plan(zone, seed_bytes):
    """The seed with (十二) read as 牵头 国土分局, 责任单位 经发局、规建局, and a doubt on it."""
    text = seed_bytes.decode("utf-8")
    draft = parse_plan(text)
    item = draft.tasks[11].items[0]
    item.cooperating, item.responsible = ["财政局"], ["经发局", "规建局"]
    item.doubt("责任单位与配合部门并列，已分别记录", 0.7)
    return import_plan(preview_import(zone, seed_bytes, "方案.txt", parsed=(text, draft))).plan


def test_responsible_parties_confidence_and_doubts_are_stored(responsible_plan):
    item = item_of(responsible_plan, "（十二）")
    assert parties(item, Assignment.Role.RESPONSIBLE) == ["经发局", "规建局"]
    assert parties(item, "lead") == ["国土分局"] and parties(item, "cooperating") == ["财政局"]
    assert (item.confidence, item.doubts) == (0.7, ["责任单位与配合部门并列，已分别记录"])
    assert item.is_doubtful and not item_of(responsible_plan, "（十）").is_doubtful


def test_a_responsible_department_keeps_its_own_ledger_like_a_cooperating_one(responsible_plan, zone):
    jingfa = zone.departments.get(name="经发局")
    mine = [o for o in obligations_of_department(jingfa, responsible_plan) if o.item.task.number == "（十二）"]
    assert len(mine) == 1 and mine[0].assignment.role == Assignment.Role.RESPONSIBLE and not mine[0].is_lead
    roles = {(o.department.name, o.assignment.role) for o in obligations_of_plan(responsible_plan)
             if o.item.task.number == "（十二）"}
    assert roles == {("国土分局", "lead"), ("财政局", "cooperating"), ("经发局", "responsible"), ("规建局", "responsible")}


def test_plan_and_department_pages_show_the_responsible_role(office_client, responsible_plan, zone):
    page = office_client.get(reverse("plans:detail", args=[responsible_plan.pk])).text
    twelve = page[page.index("强化集约用地导向"):]
    assert "责任单位" in twelve and "导入时存疑：责任单位与配合部门并列，已分别记录" in twelve
    guijian = zone.departments.get(name="规建局")
    department_page = office_client.get(reverse("plans:department", args=[guijian.pk])).text
    assert "强化集约用地导向" in department_page.split("配合的任务")[1]


# --- the title, targets as read, and corrections as such on the trail -----------------------------

def test_the_office_corrects_the_plan_s_title_and_the_trail_shows_it_as_a_correction(office_client, office, seed_bytes):
    page = upload(office_client, seed_bytes).text
    form = fields_of(page)
    assert form["title"] == "准东开发区2020年深化“放管服”改革工作方案"
    form["title"] = "准东开发区2020年深化“放管服”改革工作方案（修订）"
    response = office_client.post(reverse("plans:import_confirm"), {"token": token_of(page), **form})
    assert "按办公室修改更正 1 项" in office_client.get(response["Location"]).text  # the title counts
    plan = Plan.objects.get()
    assert plan.title == "准东开发区2020年深化“放管服”改革工作方案（修订）"
    change = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Plan), object_id=plan.pk, action=LogEntry.Action.UPDATE
    )
    assert change.actor == office and change.additional_data["note"] == "导入核对更正"
    assert change.changes_dict["title"] == ["准东开发区2020年深化“放管服”改革工作方案", plan.title]
    # The zone's audit log says so beside the change.
    log = office_client.get(reverse("audit:log")).text
    assert re.search(r"修改 <span class=\"tag\">导入核对更正</span>", log)


def test_a_plan_without_a_title_asks_the_office_for_one(office_client, seed_bytes):
    untitled = seed_bytes.decode("utf-8").split("\n", 3)[3]  # the title's lines dropped
    document = SimpleUploadedFile("无标题.txt", untitled.encode("utf-8"))
    page = office_client.post(reverse("plans:import"), {"document": document, "year": "2020"}).text
    form = fields_of(page)
    assert form["title"] == "" and "文件中没有识别出标题，请填写" in page
    response = confirm_refused(office_client, page, form)
    assert "方案标题不能为空" in response.text
    form["title"] = "准东开发区2020年深化“放管服”改革工作方案"
    office_client.post(reverse("plans:import_confirm"), {"token": token_of(response.text), **form})
    assert Plan.objects.get().title == "准东开发区2020年深化“放管服”改革工作方案"


def test_the_office_renames_a_target_and_changes_its_comparison(office_client, seed_bytes):
    page = upload(office_client, seed_bytes).text
    form = fields_of(page)
    key = next(k.split("-target")[0] for k, v in form.items() if k.endswith("-value") and v == "20")
    assert form[f"{key}-target-0-subject"] == "用水报装时间"
    form[f"{key}-target-0-subject"] = "用水报装办理时间"
    response = office_client.post(
        reverse("plans:import_confirm"), {"token": token_of(page), **form, f"{key}-target-0-comparator": "="}
    )
    assert response.status_code == 302
    target = Item.objects.get(task__number="（八）", number="3").targets.get(order=0)
    assert (target.subject, target.comparator, target.value) == ("用水报装办理时间", "=", 20)


def test_a_target_renamed_to_nothing_or_given_a_value_too_large_writes_nothing(office_client, seed_bytes):
    page = upload(office_client, seed_bytes).text
    form = fields_of(page)
    key = next(k.split("-target")[0] for k, v in form.items() if k.endswith("-value") and v == "20")
    form[f"{key}-target-0-subject"] = ""
    form[f"{key}-target-1-value"] = "1e12"
    response = confirm_refused(office_client, page, form)
    assert "（八）第3项：指标“用水报装时间”的名称不能为空（不要该指标请勾选删除）" in response.text
    assert "的目标值“1e12”不是数字" in response.text


def test_an_item_left_as_read_says_its_new_departments_were_created(office_client, typo_bytes):
    page = upload(office_client, typo_bytes).text
    office_client.post(reverse("plans:import_confirm"), {"token": token_of(page), **fields_of(page)})
    item = item_of(Plan.objects.get(), "（十）")
    assert item.doubts == [f"部门“{TYPO}”不在部门名录中，导入时已新建"] and item.is_doubtful
