"""Carried-over items land in next year's plan, linked both ways to the items they came from."""

from datetime import date

import pytest
from django.db.models import Count

from duban.accounts.models import Role
from duban.closing import carry, flow
from duban.closing.models import CarryOver, Reconciliation
from duban.demo.loading import DATA, SEED_PLAN
from duban.ledger.models import ItemStatus
from duban.plans.importing import import_plan, preview_import
from duban.plans.models import Plan

from .conftest import carried


@pytest.fixture
def shuiwu_water_line(sheet_of, water_item):
    return sheet_of("水务局").lines.get(item=water_item, is_lead=False)


def test_carried_items_land_in_a_plan_created_for_next_year(plan, reconciliation, water_line, shuiwu_water_line,
                                                            water_item, liaison, shuiwu, office, finish):
    carried(water_line, liaison, office, date(2021, 6, 30), "实现燃气报装全程网办")
    carried(shuiwu_water_line, shuiwu, office, date(2021, 3, 31), "用水报装压缩至 10 个工作日")
    finish()
    closed = flow.close(reconciliation, office)

    nxt = closed.carried_to
    assert nxt.year == 2021 and nxt.title.startswith("2021年度结转任务") and nxt.zone_id == plan.zone_id
    [task] = nxt.tasks.all()
    assert (task.number, task.title) == ("（结转）", "2020年度结转任务")
    [item] = task.items.all()
    assert item.code == "（结转）第1项"
    assert item.deadline == date(2021, 6, 30)  # the later of the two new deadlines
    assert item.text.startswith(water_item.text)
    assert "规建局：实现燃气报装全程网办；水务局：用水报装压缩至 10 个工作日" in item.text
    assert {(a.department.name, a.role) for a in item.assignments.all()} == {("规建局", "lead"), ("水务局", "cooperating")}
    assert [t.subject for t in item.targets.all()] == [t.subject for t in water_item.targets.all()]
    # The created plan reads like an imported one: its text holds the item's line; the ledger runs it.
    [(number, text)] = nxt.source_lines(item.line_start, item.line_end)
    assert text.startswith("1. ") and "原（八）第3项" in text and "2021年6月30日" in text
    assert nxt.cycles.count() == 12 and ItemStatus.objects.filter(item=item).exists()
    link = CarryOver.objects.get()
    assert (link.source, link.target, link.reconciliation) == (water_item, item, closed)


def test_both_item_pages_link_the_other_year(reconciliation, water_line, water_item, liaison, office, finish, as_user):
    carried(water_line, liaison, office)
    finish()
    item = flow.close(reconciliation, office).carried_to.tasks.get().items.get()
    page = as_user(liaison).get(f"/items/{water_item.pk}/").content.decode()
    assert "结转至 2021年《2021年度结转任务" in page and f'href="/items/{item.pk}/"' in page
    page = as_user(liaison).get(f"/items/{item.pk}/").content.decode()
    assert "结转自 2020年《" in page and f'href="/items/{water_item.pk}/">（八）第3项</a>' in page


def test_carried_items_join_a_plan_of_next_year_the_office_chose(plan, zone, reconciliation, water_line, liaison,
                                                                 office, finish):
    data = (DATA / SEED_PLAN).read_bytes() + b"\n"  # next year's plan: another file
    next_year = import_plan(preview_import(zone, data, "2021方案.txt", year=2021)).plan
    carried(water_line, liaison, office)
    finish()
    closed = flow.close(reconciliation, office, next_year)
    assert closed.carried_to == next_year and Plan.objects.count() == 2
    task = next_year.tasks.order_by("order").last()
    assert (task.number, task.order) == ("（结转）", 13)
    assert task.items.get().line_start == 0  # the chosen plan's document does not hold it


def test_a_plan_of_another_year_is_refused(plan, reconciliation, water_line, liaison, office, finish):
    carried(water_line, liaison, office)
    finish()
    with pytest.raises(flow.FlowError, match="结转任务只能纳入本开发区2021年度的方案"):
        flow.close(reconciliation, office, plan)
    assert Reconciliation.objects.get().state == "open" and not CarryOver.objects.exists()


def test_a_cooperating_part_is_not_carried_without_its_lead(reconciliation, shuiwu_water_line, shuiwu, office, finish):
    carried(shuiwu_water_line, shuiwu, office)
    finish()
    with pytest.raises(flow.FlowError, match="以下任务的牵头部门未结转、只结转了其他部门的部分，结转后无人牵头：（八）第3项"):
        flow.close(reconciliation, office)
    assert Plan.objects.count() == 1 and Reconciliation.objects.get().state == "open"


def test_the_plan_pages_tag_carried_items_both_ways_and_filter_them(plan, reconciliation, water_line, water_item,
                                                                   liaison, office, finish, as_user):
    carried(water_line, liaison, office)
    finish()
    nxt = flow.close(reconciliation, office).carried_to
    item = nxt.tasks.get().items.get()
    client = as_user(liaison)

    page = client.get(f"/plans/{nxt.pk}/").content.decode()
    assert (f'结转自 <a href="/plans/{plan.pk}/#item-{water_item.pk}">2020年《{plan.title}》（八）第3项</a>'
            in page)
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert f'已结转至 <a href="/plans/{nxt.pk}/#item-{item.pk}">2021年《{nxt.title}》（结转）第1项</a>' in page
    assert page.count("已结转至") == 1 and "结转任务 1 项" in page

    # The filter: only the carried item, or every item but it.
    only = client.get(f"/plans/{plan.pk}/?carried=only").content.decode()
    assert f'id="item-{water_item.pk}"' in only and only.count('<li class="item"') == 1
    assert "<strong>只看结转任务</strong>" in only
    others = client.get(f"/plans/{plan.pk}/?carried=exclude").content.decode()
    assert f'id="item-{water_item.pk}"' not in others
    assert others.count('<li class="item"') == page.count('<li class="item"') - 1


def test_a_plan_without_carried_items_offers_no_filter(plan, as_user, liaison):
    page = as_user(liaison).get(f"/plans/{plan.pk}/?carried=only").content.decode()
    assert "结转任务筛选" not in page and "结转自" not in page and "已结转至" not in page
    assert page.count('<li class="item"') == plan.tasks.aggregate(n=Count("items"))["n"]  # the filter is ignored


def test_an_item_carried_twice_names_its_plan_and_goal_once(plan, reconciliation, water_line, water_item, liaison,
                                                             office, finish, make_user, zone):
    carried(water_line, liaison, office, date(2021, 6, 30), "实现燃气报装全程网办")
    finish()
    first = flow.close(reconciliation, office).carried_to.tasks.get().items.get()
    # A year later the carried item is carried over again, from the plan created for it.
    again = flow.open_reconciliation(first.task.plan, office)
    line = again.sheets.get(department__name="规建局").lines.get(item=first)
    carried(line, liaison, office, date(2022, 6, 30), "燃气报装压缩至 3 个工作日")
    for sheet in again.sheets.select_related("department"):
        flow.confirm(sheet, make_user(f"again-head-{sheet.pk}", zone, sheet.department.name, Role.HEAD))
    third = flow.close(again, office).carried_to

    assert third.year == 2022 and third.title == f"2022年度结转任务（{plan.title}）"  # not nested
    [task] = third.tasks.all()
    assert (task.number, task.title) == ("（结转）", "2021年度结转任务")
    [item] = task.items.all()
    assert item.text == f"{water_item.text}\n（阶段目标：燃气报装压缩至 3 个工作日）"  # last year's goal replaced
    assert "（结转）（结转）" not in third.source_text and third.source_text.count("阶段目标") == 1
    assert CarryOver.objects.get(source=first).target == item


def test_two_plans_carry_into_one_task_and_carrying_again_adds_no_copy(plan, zone, reconciliation, water_line,
                                                                        water_item, liaison, office):
    data = (DATA / SEED_PLAN).read_bytes()
    next_year = import_plan(preview_import(zone, data + b"\n", "2021方案.txt", year=2021)).plan
    other_data = data.replace("改革工作方案".encode(), "改革补充方案".encode(), 1)  # another plan of 2020
    other = import_plan(preview_import(zone, other_data, "2020补充方案.txt", year=2020)).plan
    other_reconciliation = flow.open_reconciliation(other, office)
    other_line = other_reconciliation.sheets.get(department__name="规建局").lines.get(
        item__task__number="（八）", item__number="3", is_lead=True)
    carried(water_line, liaison, office)
    carried(other_line, liaison, office)

    carry.land(reconciliation, office, next_year)
    carry.land(other_reconciliation, office, next_year)
    carry.land(reconciliation, office, next_year)  # the same lines carried again: nothing new

    [task] = next_year.tasks.filter(number="（结转）")  # one task of carried items, not a copy per plan
    assert [(i.code, i.order) for i in task.items.order_by("order")] == [("（结转）第1项", 1), ("（结转）第2项", 2)]
    assert CarryOver.objects.filter(source=water_item).count() == 1
    first = CarryOver.objects.get(source=water_item).target
    assert [(a.department.name, a.role) for a in first.assignments.all()] == [("规建局", "lead")]


def test_every_date_closing_writes_is_on_duban_s_clock(settings, plan, reconciliation, water_line, liaison, office,
                                                        finish, as_user):
    """The clock stands on 2020年12月20日 (conftest): nothing closing writes or shows is dated otherwise."""
    from django.utils import timezone

    from duban.closing.models import Line, LineStep, Sheet
    from duban.ledger.models import StatusChange

    carried(water_line, liaison, office)
    finish()
    closed = flow.close(reconciliation, office)
    nxt = Plan.objects.get(pk=closed.carried_to_id)
    item = nxt.tasks.get().items.get()
    day = lambda moment: timezone.localtime(moment).date()  # noqa: E731
    stamps = [closed.opened_at, closed.closed_at, nxt.imported_at, item.status.since,
              *StatusChange.objects.filter(item=item).values_list("at", flat=True),
              *CarryOver.objects.values_list("created_at", flat=True),
              *Sheet.objects.values_list("confirmed_at", flat=True),
              *Line.objects.values_list("decided_at", flat=True), *Line.objects.values_list("applied_at", flat=True),
              *LineStep.objects.values_list("at", flat=True)]
    assert [day(stamp) for stamp in stamps] == [date(2020, 12, 20)] * len(stamps)
    assert "2020年12月20日导入" in as_user(liaison).get(f"/plans/{nxt.pk}/").content.decode()
