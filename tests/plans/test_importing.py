"""Importing a plan document into a zone: matching, atomicity, idempotence."""

import pytest

from duban.plans.importing import import_plan, preview_import
from duban.plans.models import Assignment, Item, Plan, Target, Task
from duban.plans.parsing import PlanParseError
from duban.zones.models import Department, Zone


def table_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Plan, Task, Item, Assignment, Target, Department, Zone)}


def test_seed_imports_into_the_demo_zone_with_every_department_matched(zone, seed_bytes):
    preview = preview_import(zone, seed_bytes, "seed.txt")
    assert preview.new_departments == []
    matched = {m.draft.name: m.department.name for m in preview.departments}
    assert matched["吉木萨县协调办"] == "吉木萨尔县协调办"
    assert matched["组织部（人社局）"] == "组织部（人社局）"

    plan = import_plan(preview).plan
    assert plan.title == "准东开发区2020年深化“放管服”改革工作方案"
    assert plan.year == 2020
    assert bytes(plan.source_file) == seed_bytes  # kept as uploaded, byte for byte
    assert plan.tasks.count() == 12
    assert Item.objects.filter(task__plan=plan).count() == 17
    assert Target.objects.filter(item__task__plan=plan).count() == 13
    assert zone.departments.count() == 16  # the registry, nothing added


def test_task_eight_has_three_items_with_their_own_departments(plan):
    task = plan.tasks.get(number="（八）")
    rows = [
        (
            item.number,
            [a.department.name for a in item.assignments.filter(role="lead")],
            [a.department.name for a in item.assignments.filter(role="cooperating")],
        )
        for item in task.items.order_by("order")
    ]
    assert rows == [
        ("1", ["经发局"], ["规建局", "水务局"]),
        ("2", ["经发局"], ["国网昌吉供电公司准东分公司"]),
        ("3", ["规建局"], ["水务局"]),
    ]


def test_all_departments_is_stored_as_such_not_as_a_department(plan, zone):
    item = Item.objects.get(task__plan=plan, task__number="（三）", number="1")
    cooperating = item.assignments.get(role="cooperating")
    assert cooperating.department is None and cooperating.is_all_departments
    assert not zone.departments.filter(name="各部门").exists()


def test_targets_land_on_their_items(plan):
    water = Target.objects.get(item__task__plan=plan, subject="用水报装时间")
    assert (water.item.task.number, water.item.number) == ("（八）", "3")
    assert (water.comparator, water.value, water.unit) == ("<=", 20, "工作日")
    assert water.promise == "≤ 20 工作日"
    eia = Target.objects.get(item__task__plan=plan, subject="环评审批时间")
    assert eia.item.task.number == "（五）" and eia.promise == "≤ 法定时限的 50%"
    deliverable = Target.objects.get(item__task__plan=plan, kind=Target.Kind.DELIVERABLE)
    assert deliverable.subject == "《准东开发区闲置土地、批而未供土地处置实施方案》"
    assert deliverable.item.task.number == "（十二）"


def test_items_keep_the_source_lines_they_came_from(plan):
    item = Item.objects.get(task__plan=plan, task__number="（八）", number="3")
    original = "\n".join(line for _, line in plan.source_lines(item.line_start, item.line_end))
    assert "用水报装时间不超过20个工作日" in original


def test_importing_the_same_file_twice_changes_nothing(zone, seed_bytes):
    first = import_plan(preview_import(zone, seed_bytes, "seed.txt"))
    before = table_counts()
    second = import_plan(preview_import(zone, seed_bytes, "again.txt"))
    assert first.created and not second.created
    assert second.plan.pk == first.plan.pk
    assert table_counts() == before


def test_a_changed_file_with_the_same_title_and_year_is_refused(zone, seed_bytes):
    import_plan(preview_import(zone, seed_bytes, "seed.txt"))
    before = table_counts()
    edited = seed_bytes.replace("持续打造3个".encode(), "持续打造5个".encode())
    with pytest.raises(PlanParseError, match="已有 2020 年度"):
        import_plan(preview_import(zone, edited, "edited.txt"))
    assert table_counts() == before


def test_unknown_departments_are_created_in_a_new_zone_never_dropped(db, seed_bytes):
    zone = Zone.objects.create(name="新开发区")
    preview = preview_import(zone, seed_bytes, "seed.txt")
    assert "经发局" in {d.name for d in preview.new_departments}
    result = import_plan(preview)
    assert {d.name for d in result.new_departments} == {d.name for d in preview.new_departments}
    assert zone.departments.filter(name="吉木萨县协调办").exists()  # no registry: kept as written
    assert not Assignment.objects.filter(zone=zone, department__isnull=False).exclude(department__zone=zone).exists()


def test_a_failure_half_way_leaves_the_database_unchanged(zone, seed_bytes, monkeypatch):
    before = table_counts()

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Target.objects, "create", explode)  # after the plan, tasks, items, assignments
    with pytest.raises(RuntimeError):
        import_plan(preview_import(zone, seed_bytes, "seed.txt"))
    assert table_counts() == before


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "empty.txt", "empty.txt：文件为空"),
        (b"\x00\x01\x02\x03binary\x00", "blob.txt", "blob.txt："),
        (b"PK\x03\x04 not really a zip", "broken.docx", "broken.docx："),
        ("这是一份没有任何任务的通知。".encode(), "notice.txt", "notice.txt："),
    ],
)
def test_bad_documents_are_refused_with_the_file_named_and_nothing_written(zone, data, filename, message):
    before = table_counts()
    with pytest.raises(PlanParseError) as caught:
        import_plan(preview_import(zone, data, filename))
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)
    assert table_counts() == before


PARTS = """某区2021年重点任务分工方案
二、主要任务
（一）推行承诺制审批（牵头单位：审批局）
三、保障措施
（一）加强组织领导（牵头单位：党政办）
"""


def test_tasks_keep_their_part_where_numbers_repeat_and_items_are_cited_by_it(zone):
    from duban.plans import review

    preview = preview_import(zone, PARTS.encode("utf-8"), "方案.txt")
    corrections, errors = review.read_corrections(preview, {"1-0-deadline": "尽快"})
    assert errors == ["保障措施·（一）：完成时限“尽快”无法识别（可写 2020年6月底前、年底前、持续推进 等）"]
    plan = import_plan(preview).plan
    tasks = list(plan.tasks.order_by("order"))
    assert [(task.part, task.number) for task in tasks] == [("主要任务", "（一）"), ("保障措施", "（一）")]
    assert [item.code for item in Item.objects.filter(task__plan=plan)] == ["主要任务·（一）", "保障措施·（一）"]


def test_an_item_pasted_in_one_line_keeps_where_in_the_line_it_is(zone):
    line = (
        "某区2021年优化营商环境工作方案 为优化营商环境，制定本方案。 一、 主要任务 （一） 优化审批服务 "
        "1、推行承诺制审批，对企业投资项目实行告知承诺制。 牵头单位：审批局 "
        "2、推行容缺受理，压减申报材料。 牵头单位：审批局"
    )
    plan = import_plan(preview_import(zone, line.encode("utf-8"), "方案.txt")).plan
    second = Item.objects.get(task__plan=plan, number="2")
    assert (second.line_start, second.line_end) == (1, 1)
    assert line[second.column_start : second.column_end] == "2、推行容缺受理，压减申报材料。"
