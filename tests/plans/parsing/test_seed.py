"""The seed plan (准东开发区2020年深化“放管服”改革工作方案), read exactly, item by item."""

import json

import pytest

from duban.plans.parsing import ALL_DEPARTMENTS

from .seed import SEED_PATH

HUMAN_RESOURCES = "组织部（人社局）"

TASKS = [
    ("（一）", "进一步放宽市场准入"),
    ("（二）", "积极探索“飞地经济”模式"),
    ("（三）", "落实技能人才评价制度"),
    ("（四）", "完善市场主体退出机制"),
    ("（五）", "推进环评制度改革"),
    ("（六）", "加强违法失信市场主体监管"),
    ("（七）", "优化新业态发展环境"),
    ("（八）", "提升公用事业服务水平"),
    ("（九）", "实施先进制造业集群培育行动"),
    ("（十）", "实施健康服务业优化升级行动"),
    ("（十一）", "持续打造工业旅游示范基地"),
    ("（十二）", "强化集约用地导向"),
]

# (task, item number, how its text starts, lead, cooperating, source line)
ITEMS = [
    ("（一）", "1", "放开化工新材料", ["经发局"], ["规建局", "财政局"], 12),
    ("（一）", "2", "按照产业进行分类", ["经发局"], ["规建局", "财政局"], 12),
    ("（二）", "1", "加强与乌鲁木齐和兵团的合作", ["经发局"], ["党政办", HUMAN_RESOURCES, "财政局"], 19),
    ("（二）", "2", "研究开发区“飞地经济”的可行性意见", ["经发局"], ["党政办", HUMAN_RESOURCES, "财政局"], 19),
    ("（三）", "1", "推动昌吉州第十九职业技能鉴定所", [HUMAN_RESOURCES], [ALL_DEPARTMENTS], 27),
    ("（三）", "2", "推动技能人才评价体系建设", [HUMAN_RESOURCES], [ALL_DEPARTMENTS], 27),
    ("（四）", "", "推行注销登记便利化", ["市场监管分局"], [HUMAN_RESOURCES, "税务局"], 35),
    ("（五）", "", "简化环评手续", ["环保局"], ["经发局", "规建局"], 43),
    ("（六）", "", "在“信用中国”（昌吉）", ["市场监管分局"], [HUMAN_RESOURCES, "经发局", "税务局"], 51),
    ("（七）", "", "优化大数据和工业旅游等新业态发展", ["经发局"], ["市场监管分局"], 59),
    ("（八）", "1", "推动公用事业服务进大厅", ["经发局"], ["规建局", "水务局"], 66),
    ("（八）", "2", "优化办电流程", ["经发局"], ["国网昌吉供电公司准东分公司"], 72),
    ("（八）", "3", "优化水气报装服务", ["规建局"], ["水务局"], 78),
    ("（九）", "", "积极推动国家新型工业化示范基地创建", ["经发局"], [ALL_DEPARTMENTS], 86),
    ("（十）", "", "支持建设社区卫生服务站4个", ["党政办"], ["奇台县协调办", "木垒县协调办", "吉木萨县协调办"], 94),
    ("（十一）", "", "发挥开发区现代工业旅游资源聚集优势", ["经发局"], ["党政办", "安监局", "市场监管分局", "开发公司"], 102),
    ("（十二）", "", "制定《准东开发区闲置土地", ["国土分局"], ["经发局", "规建局", "财政局"], 110),
]

# (task, item number, subject, comparator, value, unit, kind)
TARGETS = [
    ("（五）", "", "环评审批时间", "<=", 0.5, "法定时限", "quantity"),
    ("（八）", "2", "小微企业低压接入", "<=", 100, "千伏安", "quantity"),
    ("（八）", "2", "高压客户办电环节", "<=", 4, "环节", "quantity"),
    ("（八）", "2", "低压客户办电环节", "<=", 3, "环节", "quantity"),
    ("（八）", "2", "具备直接装表条件的低压客户办电环节", "<=", 2, "环节", "quantity"),
    ("（八）", "3", "用水报装时间", "<=", 20, "工作日", "quantity"),
    ("（八）", "3", "扩容、改装及临时用水报装时间", "<=", 15, "工作日", "quantity"),
    ("（八）", "3", "企业燃气报装时间", "<=", 16, "工作日", "quantity"),
    ("（八）", "3", "居民燃气报装时间", "<=", 3, "工作日", "quantity"),
    ("（十）", "", "社区卫生服务站", ">=", 4, "个", "quantity"),
    ("（十）", "", "中西医综合门诊部", ">=", 1, "个", "quantity"),
    ("（十一）", "", "工业旅游景点", ">=", 3, "个", "quantity"),
    ("（十二）", "", "《准东开发区闲置土地、批而未供土地处置实施方案》", None, None, "", "deliverable"),
]

DEPARTMENTS = [
    ("经发局", [], "内设机构"),
    ("规建局", [], "内设机构"),
    ("财政局", [], "内设机构"),
    ("党政办", [], "内设机构"),
    (HUMAN_RESOURCES, ["人社局"], "内设机构"),
    ("市场监管分局", [], "派驻机构"),
    ("税务局", [], "派驻机构"),
    ("环保局", [], "内设机构"),
    ("水务局", [], "内设机构"),
    ("国网昌吉供电公司准东分公司", [], "企业"),
    ("奇台县协调办", [], "县协调办"),
    ("木垒县协调办", [], "县协调办"),
    ("吉木萨县协调办", [], "县协调办"),
    ("安监局", [], "内设机构"),
    ("开发公司", [], "企业"),
    ("国土分局", [], "派驻机构"),
]


def find_item(plan, task_number, item_number):
    (task,) = [task for task in plan.tasks if task.number == task_number]
    (item,) = [item for item in task.items if item.number == item_number]
    return item


def test_seed_is_the_shared_seed_byte_for_byte(seed_bytes):
    shared = SEED_PATH.parents[3] / ".." / "shared" / "seed" / SEED_PATH.name
    if not shared.exists():
        pytest.skip("the shared seed folder is not beside the checkout")
    assert seed_bytes == shared.read_bytes()


def test_title_is_joined_across_its_line_break(seed_plan):
    assert seed_plan.title == "准东开发区2020年深化“放管服”改革工作方案"


def test_year_is_read_from_the_title(seed_plan):
    assert seed_plan.year == 2020


def test_description_holds_the_preamble_and_general_requirements(seed_plan):
    assert seed_plan.description.startswith("为深入贯彻落实党中央、国务院《关于新时代推进西部大开发形成新格局的指导意见》")
    assert "结合工作实际，制定本方案。" in seed_plan.description
    assert "总体要求" in seed_plan.description
    assert "以习近平新时代中国特色社会主义思想为指导" in seed_plan.description
    assert "持续提高开发区治理体系和治理能力的现代化水平。" in seed_plan.description


def test_description_leaves_out_the_tasks_and_the_work_requirements(seed_plan):
    assert "主要任务" not in seed_plan.description
    assert "进一步放宽市场准入" not in seed_plan.description
    assert "工作要求" not in seed_plan.description
    assert "加强组织领导" not in seed_plan.description
    assert "绩效考核" not in seed_plan.description


def test_twelve_tasks_with_numbers_and_titles_as_written(seed_plan):
    assert [(task.number, task.title) for task in seed_plan.tasks] == TASKS
    assert [task.order for task in seed_plan.tasks] == list(range(1, 13))


def test_work_requirements_are_not_tasks(seed_plan):
    titles = [task.title for task in seed_plan.tasks]
    assert "加强组织领导" not in titles
    assert "明确职责任务" not in titles
    assert "强化绩效考核" not in titles


def test_seventeen_items(seed_plan):
    assert len(seed_plan.items) == 17
    assert [len(task.items) for task in seed_plan.tasks] == [2, 2, 2, 1, 1, 1, 1, 3, 1, 1, 1, 1]


@pytest.mark.parametrize("task_number, number, text_start, lead, cooperating, line", ITEMS)
def test_item(seed_plan, task_number, number, text_start, lead, cooperating, line):
    item = find_item(seed_plan, task_number, number)
    assert item.text.startswith(text_start)
    assert item.lead == lead
    assert item.cooperating == cooperating
    assert (item.line_start, item.line_end) == (line, line)
    assert item.deadline is None


def test_one_line_with_two_numbered_items_gives_two_items_without_their_numbers(seed_plan):
    first, second = seed_plan.tasks[0].items
    assert first.text == "放开化工新材料、硅基新材料、铝基新材料、循环化产业链等重点行业、领域竞争性业务。"
    assert second.text == "按照产业进行分类，梳理入驻开发区各行业准入项目清单，做到服务清单化，办事流程化。"


def test_item_text_leaves_out_the_specific_tasks_label(seed_plan):
    assert all(not item.text.startswith("具体任务") for item in seed_plan.items)
    assert find_item(seed_plan, "（四）", "").text == (
        "推行注销登记便利化，简化注销流程和减少提交材料，降低企业注销成本，推动注销登记“网上办理”。"
    )


def test_items_of_task_eight_keep_their_own_text(seed_plan):
    first, second, third = seed_plan.tasks[7].items
    assert first.text == "推动公用事业服务进大厅。全面推进“一网、一门、一次”办理居民水、电、气、暖业务。"
    assert second.text.endswith("具备直接装表条件的低压客户进一步压减至2个。")
    assert third.text.endswith("居民燃气报装时间不超过3个工作日。")


def test_half_width_comma_in_the_source_is_read_as_full_width(seed_plan):
    assert "促进集约节约用地，为开发区经济高质量发展" in find_item(seed_plan, "（十二）", "").text


def test_line_ranges_point_at_the_lines_the_items_came_from(seed_plan, seed_text):
    source = seed_text.split("\n")
    for item in seed_plan.items:
        lines = "".join(source[item.line_start - 1 : item.line_end])
        assert item.text[:12] in lines


@pytest.mark.parametrize("task_number, number, subject, comparator, value, unit, kind", TARGETS)
def test_target(seed_plan, task_number, number, subject, comparator, value, unit, kind):
    item = find_item(seed_plan, task_number, number)
    found = [target for target in item.targets if target.subject == subject]
    assert len(found) == 1, [target.subject for target in item.targets]
    target = found[0]
    assert (target.comparator, target.value, target.unit, target.kind) == (comparator, value, unit, kind)


def test_seed_has_exactly_the_thirteen_targets(seed_plan):
    found = [
        (task.number, item.number, target.subject, target.comparator, target.value, target.unit, target.kind)
        for task in seed_plan.tasks
        for item in task.items
        for target in item.targets
    ]
    assert found == TARGETS


def test_documents_only_referred_to_are_not_deliverables(seed_plan):
    subjects = [target.subject for item in seed_plan.items for target in item.targets]
    assert "《环境影响评价审批正面清单》" not in subjects
    assert not any("指导意见" in subject or "任务分工方案" in subject for subject in subjects)


def test_departments_once_each_in_order_of_first_appearance(seed_plan):
    assert [(d.name, d.aliases, d.kind) for d in seed_plan.departments] == DEPARTMENTS


def test_all_departments_stays_a_word_in_the_lists_but_is_no_department(seed_plan):
    assert find_item(seed_plan, "（三）", "1").cooperating == [ALL_DEPARTMENTS]
    assert find_item(seed_plan, "（九）", "").cooperating == [ALL_DEPARTMENTS]
    assert ALL_DEPARTMENTS not in [department.name for department in seed_plan.departments]


def test_human_resources_is_one_department_not_two(seed_plan):
    names = [department.name for department in seed_plan.departments]
    assert "组织部" not in names
    assert "人社局" not in names


def test_county_offices_are_three_departments(seed_plan):
    names = [department.name for department in seed_plan.departments]
    assert "奇台" not in names
    assert "木垒" not in names


def test_to_json_has_the_documented_shape(seed_plan):
    data = seed_plan.to_json()
    assert set(data) == {"title", "year", "description", "tasks", "departments"}
    task = data["tasks"][7]
    assert set(task) == {"number", "title", "items"}
    item = task["items"][2]
    assert set(item) == {
        "number", "text", "deadline", "lead", "cooperating", "responsible", "targets", "lines", "confidence", "doubts",
    }
    assert item["lines"] == [78, 78]
    assert item["deadline"] is None
    assert item["targets"][0] == {
        "subject": "用水报装时间",
        "comparator": "<=",
        "value": 20,
        "unit": "工作日",
        "kind": "quantity",
    }
    assert data["departments"][4] == {"name": HUMAN_RESOURCES, "aliases": ["人社局"], "kind": "内设机构"}


def test_to_json_dumps_as_readable_chinese(seed_plan):
    dumped = json.dumps(seed_plan.to_json(), ensure_ascii=False)
    assert "提升公用事业服务水平" in dumped
    assert '"value": 0.5' in dumped
    assert json.loads(dumped)["tasks"][11]["items"][0]["targets"][0]["kind"] == "deliverable"
