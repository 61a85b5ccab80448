"""Other common layouts of Chinese work plans, each as a small literal plan."""

from datetime import date
from textwrap import dedent

import pytest

from duban.plans.parsing import ALL_DEPARTMENTS, PlanParseError, parse_plan


def plan(text):
    return parse_plan(dedent(text).strip("\n"))


def summary(parsed):
    """(task number, task title, [(item number, text, lead, cooperating)]) per task."""
    return [
        (task.number, task.title, [(item.number, item.text, item.lead, item.cooperating) for item in task.items])
        for task in parsed.tasks
    ]


def test_unit_labels_with_responsible_unit_as_lead_when_no_lead_is_named_and_a_third_role_beside_a_lead():
    parsed = plan("""
        某区2021年优化营商环境工作方案
        一、重点任务
        （一）优化审批服务
        1、推行承诺制审批。
        责任单位：审批局
        （二）提升办电效率
        1、推行低压办电“零上门”。
        牵头单位：经发局
        责任单位：供电公司、规建局
        （三）规范涉企收费
        1、清理涉企收费。
        牵头单位：财政局
        配合单位：市场监管局
    """)
    assert summary(parsed) == [
        ("（一）", "优化审批服务", [("1", "推行承诺制审批。", ["审批局"], [])]),
        ("（二）", "提升办电效率", [("1", "推行低压办电“零上门”。", ["经发局"], [])]),
        ("（三）", "规范涉企收费", [("1", "清理涉企收费。", ["财政局"], ["市场监管局"])]),
    ]
    # 责任单位 beside a 牵头单位 is a role of its own, kept apart from the cooperating departments.
    assert parsed.tasks[1].items[0].responsible == ["供电公司", "规建局"]


def test_notes_in_brackets_after_an_item_assign_that_item():
    parsed = plan("""
        某区2021年优化营商环境工作方案
        二、主要任务
        （一）深化商事制度改革
        1.推行企业登记全程电子化。（牵头单位：市场监管局；配合单位：政务服务中心、税务局）
        2.推行注销便利化。（责任单位：市场监管局牵头，税务局、社保中心配合）
        3.推行电子营业执照（牵头单位：组织部（人社局））
    """)
    ((_, _, items),) = summary(parsed)
    assert items == [
        ("1", "推行企业登记全程电子化。", ["市场监管局"], ["政务服务中心", "税务局"]),
        ("2", "推行注销便利化。", ["市场监管局"], ["税务局", "社保中心"]),
        ("3", "推行电子营业执照", ["组织部（人社局）"], []),
    ]


def test_half_width_punctuation_and_stray_spaces_read_like_full_width():
    parsed = plan("""
        某区2021年优化营商环境工作方案

        二、 主要任务

        (一) 深化 商事制度 改革

        1. 推行企业登记全程电子化. (牵头单位: 市场监管局; 配合单位: 政务服务中心,税务局)
        \u3000\u30002、推行注销便利化。
        \u3000\u3000牵头单位：市场监管局\u3000
    """)
    assert summary(parsed) == [
        (
            "（一）",
            "深化商事制度改革",
            [
                ("1", "推行企业登记全程电子化.", ["市场监管局"], ["政务服务中心", "税务局"]),
                ("2", "推行注销便利化。", ["市场监管局"], []),
            ],
        )
    ]


def test_task_heading_notes_cover_items_that_name_no_one():
    parsed = plan("""
        某区2021年优化营商环境工作方案
        二、主要任务
        （一）深化商事制度改革（牵头单位：市场监管局；配合单位：税务局）
        1、推行企业登记全程电子化。
        2、推行注销便利化。（牵头单位：税务局）
    """)
    ((number, title, items),) = summary(parsed)
    assert (number, title) == ("（一）", "深化商事制度改革")
    assert items == [
        ("1", "推行企业登记全程电子化。", ["市场监管局"], ["税务局"]),
        ("2", "推行注销便利化。", ["税务局"], []),
    ]


def test_a_block_before_the_items_covers_them():
    parsed = plan("""
        某区2021年优化营商环境工作方案
        二、主要任务
        （一）提升水电气服务
        牵头单位：经发局
        配合单位：规建局、水务局
        1、推行水电气联合报装。
        2、公布报装收费标准。
    """)
    ((_, _, items),) = summary(parsed)
    assert [(lead, cooperating) for _, _, lead, cooperating in items] == [
        (["经发局"], ["规建局", "水务局"]),
        (["经发局"], ["规建局", "水务局"]),
    ]


def test_sub_points_fold_into_their_item():
    parsed = plan("""
        某区2021年优化营商环境工作方案
        二、主要任务
        （一）优化审批服务
        1、推行审批服务标准化：
        （1）梳理事项清单；
        （2）公布办事指南。
        ①线上公布；
        ②线下公布。
        2、推行容缺受理。
        牵头单位：审批局
    """)
    first, second = parsed.tasks[0].items
    assert first.text == "推行审批服务标准化：（1）梳理事项清单；（2）公布办事指南。①线上公布；②线下公布。"
    assert (first.line_start, first.line_end) == (4, 8)
    assert second.text == "推行容缺受理。"
    assert (second.line_start, second.line_end) == (9, 9)


def test_paren_numbers_are_items_when_a_task_has_no_arabic_numbers():
    parsed = plan("""
        某区2021年优化营商环境工作方案
        二、主要任务
        （一）优化审批服务
        （1）梳理事项清单。
        （2）公布办事指南。
        牵头单位：审批局
    """)
    assert [(item.number, item.text) for item in parsed.items] == [("（1）", "梳理事项清单。"), ("（2）", "公布办事指南。")]


def test_without_a_task_part_the_top_level_headings_with_departments_are_tasks():
    parsed = plan("""
        某区2020年重点工作任务分工
        为抓好落实，制定本分工。
        一、深化简政放权
        1、取消一批行政许可事项。
        2、编制权责清单。
        牵头部门：审批局
        配合部门：各相关部门
        二、加强事中事后监管
        1、推行“双随机、一公开”监管。（牵头单位：市场监管局；配合单位：各部门）
        三、保障措施
        各部门要高度重视。
    """)
    assert summary(parsed) == [
        (
            "一",
            "深化简政放权",
            [
                ("1", "取消一批行政许可事项。", ["审批局"], [ALL_DEPARTMENTS]),
                ("2", "编制权责清单。", ["审批局"], [ALL_DEPARTMENTS]),
            ],
        ),
        ("二", "加强事中事后监管", [("1", "推行“双随机、一公开”监管。", ["市场监管局"], [ALL_DEPARTMENTS])]),
    ]
    assert parsed.description == "为抓好落实，制定本分工。"


def test_without_a_task_part_section_headings_inside_parts_are_tasks():
    parsed = plan("""
        某区2021年放管服改革实施方案
        一、指导思想
        坚持以人民为中心。
        二、深化简政放权
        （一）精简审批事项
        牵头部门：审批局
        （二）下放审批权限
        牵头部门：审批局
        三、加强监管
        （一）推行信用监管
        牵头部门：市场监管局
        四、组织保障
        （一）加强组织领导
        牵头部门：党政办
    """)
    # 四、组织保障 is a closing part, but its （一） names a lead: that is a task too.
    assert [(task.number, task.title) for task in parsed.tasks] == [
        ("（一）", "精简审批事项"),
        ("（二）", "下放审批权限"),
        ("（一）", "推行信用监管"),
        ("（一）", "加强组织领导"),
    ]
    assert parsed.description == "一、指导思想\n坚持以人民为中心。"


def test_without_any_part_the_section_headings_are_tasks():
    parsed = plan("""
        某园区放管服方案
        （一）指导思想
        坚持以人民为中心。
        （二）推进一网通办
        具体任务：建设政务服务分中心2个。
        牵头部门：党政办
        （三）组织保障
        牵头部门：党政办
    """)
    assert summary(parsed) == [
        ("（二）", "推进一网通办", [("", "建设政务服务分中心2个。", ["党政办"], [])]),
        ("（三）", "组织保障", [("", "组织保障", ["党政办"], [])]),
    ]
    assert parsed.description == "（一）指导思想\n坚持以人民为中心。"


def test_a_plan_that_assigns_no_one_still_has_its_numbered_tasks():
    parsed = plan("""
        某区2021年工作要点
        一、深化改革
        1、推行承诺制。
        2、推行容缺受理。
        二、工作要求
        （一）加强领导
    """)
    assert summary(parsed) == [("一", "深化改革", [("1", "推行承诺制。", [], []), ("2", "推行容缺受理。", [], [])])]


@pytest.mark.parametrize("closing", ["工作要求", "保障措施", "组织保障"])
def test_closing_sections_are_tasks_only_when_they_assign_departments(closing):
    parsed = plan(f"""
        某区2021年优化营商环境工作方案
        （一）优化审批服务
        牵头单位：审批局
        （二）{closing}
        各部门要高度重视。
    """)
    assert [task.title for task in parsed.tasks] == ["优化审批服务"]
    parsed = plan(f"""
        某区2021年优化营商环境工作方案
        （一）优化审批服务
        牵头单位：审批局
        （二）{closing}
        牵头单位：党政办
    """)
    assert [task.title for task in parsed.tasks] == ["优化审批服务", closing]


def test_assignments_in_the_parts_after_the_main_tasks_are_items_too():
    parsed = plan("""
        某区2021年优化营商环境工作方案
        一、总体要求
        坚持以人民为中心。
        二、主要任务
        （一）优化审批服务
        牵头单位：审批局
        三、保障措施
        （一）加强组织领导。成立工作专班，定期调度。（牵头单位：党政办）
        （二）强化宣传。各部门要加强宣传。
    """)
    assert [(task.number, task.title, [item.lead for item in task.items]) for task in parsed.tasks] == [
        ("（一）", "优化审批服务", [["审批局"]]),
        ("（一）", "加强组织领导", [["党政办"]]),
    ]
    assert parsed.description == "一、总体要求\n坚持以人民为中心。"


def test_a_plan_whose_assignments_are_in_its_first_part_is_read_from_there():
    parsed = plan("""
        某区2021年重点任务分工方案
        一、主要预期目标
        1.地区生产总值增长6%以上。（发改委牵头，各部门配合）
        2.一般公共预算收入增长5%。（财政局牵头，各部门配合）
        二、重点工作任务
        （一）推行承诺制审批（审批局牵头，经发局配合）
    """)
    assert [(task.number, task.title) for task in parsed.tasks] == [("一", "主要预期目标"), ("（一）", "推行承诺制审批")]
    assert [item.lead for item in parsed.items] == [["发改委"], ["财政局"], ["审批局"]]


def test_closing_sections_under_the_task_part_are_not_tasks_either():
    parsed = plan("""
        某区2021年优化营商环境工作方案
        二、主要任务
        （一）优化审批服务
        牵头单位：审批局
        （二）保障措施
        各部门要加强保障。
    """)
    assert [task.title for task in parsed.tasks] == ["优化审批服务"]


def test_a_lead_in_before_numbered_items_is_not_an_item():
    parsed = plan("""
        某区2021年优化营商环境工作方案
        二、主要任务
        （一）优化审批服务
        围绕审批提速，重点做好以下工作：
        1、推行承诺制。
        2、推行容缺受理。
        牵头单位：审批局
    """)
    assert [(item.number, item.text) for item in parsed.items] == [("1", "推行承诺制。"), ("2", "推行容缺受理。")]


def test_a_task_with_no_text_of_its_own_is_one_item_named_by_its_title():
    parsed = plan("""
        某区2021年优化营商环境工作方案
        二、主要任务
        （一）推行承诺制审批
        牵头单位：审批局
    """)
    (item,) = parsed.items
    assert (item.number, item.text, item.lead) == ("", "推行承诺制审批", ["审批局"])
    assert (item.line_start, item.line_end) == (3, 3)


def test_heading_text_after_its_full_stop_is_the_item():
    parsed = plan("""
        某区2021年优化营商环境工作方案
        二、主要任务
        （一）推行承诺制审批。对企业投资项目实行承诺制。
        牵头单位：审批局
    """)
    (task,) = parsed.tasks
    assert task.title == "推行承诺制审批"
    assert [(item.text, item.line_start) for item in task.items] == [("对企业投资项目实行承诺制。", 3)]


def test_deadline_lines_apply_like_department_lines():
    parsed = plan("""
        某区2021年优化营商环境工作方案
        二、主要任务
        （一）优化审批服务
        1、推行承诺制。
        牵头单位：审批局
        完成时限：2021年6月底前
        2、推行容缺受理。
        牵头单位：审批局
        完成时限：持续推进
        （二）规范收费
        具体任务：清理涉企收费（牵头单位：财政局；完成时限：年底前）。
    """)
    deadlines = [item.deadline.to_json() for item in parsed.items]
    assert deadlines == [
        {"text": "2021年6月底前", "date": "2021-06-30", "ongoing": False},
        {"text": "持续推进", "date": None, "ongoing": True},
        {"text": "年底前", "date": "2021-12-31", "ongoing": False},
    ]


def test_a_department_list_wrapped_by_the_page_width_is_one_list():
    parsed = plan("""
        某区2021年优化营商环境工作方案
        二、主要任务
        （一）优化审批服务
        1、推行承诺制。
        牵头单位：审批局
        配合单位：经发局、规建局、
        财政局
    """)
    (item,) = parsed.items
    assert item.cooperating == ["经发局", "规建局", "财政局"]


def test_windows_line_ends_keep_line_numbers():
    text = "某区2021年工作方案\r\n二、主要任务\r\n\r\n（一）优化审批服务\r\n1、推行承诺制。\r\n牵头单位：审批局\r\n"
    (item,) = parse_plan(text).items
    assert (item.line_start, item.line_end) == (5, 5)


def test_an_attachment_mark_is_not_the_title():
    parsed = plan("""
        附件1
        某区2021年优化营商环境工作方案
        （一）优化审批服务
        牵头单位：审批局
    """)
    assert (parsed.title, parsed.year) == ("某区2021年优化营商环境工作方案", 2021)


def test_a_title_without_a_year_gives_no_year():
    parsed = plan("""
        某园区放管服方案
        （一）优化审批服务
        牵头单位：审批局
    """)
    assert (parsed.title, parsed.year) == ("某园区放管服方案", None)


def test_department_named_once_with_its_alias_and_once_without_is_one_department():
    parsed = plan("""
        某区2021年优化营商环境工作方案
        （一）推行就业服务
        牵头单位：人社局
        （二）推行技能鉴定
        牵头单位：组织部（人社局）
    """)
    assert [item.lead for item in parsed.items] == [["组织部（人社局）"], ["组织部（人社局）"]]
    assert [(d.name, d.aliases) for d in parsed.departments] == [("组织部（人社局）", ["人社局"])]


def test_deadline_dates_fall_in_the_plan_year_when_no_year_is_written():
    parsed = plan("""
        某区2022年优化营商环境工作方案
        （一）优化审批服务
        牵头单位：审批局
        完成时限：6月30日前
    """)
    assert parsed.items[0].deadline.date == date(2022, 6, 30)


@pytest.mark.parametrize("text", ["", "   ", "\n\n\u3000\n", "\r\n"])
def test_empty_text_is_an_error(text):
    with pytest.raises(PlanParseError, match="^文件为空$"):
        parse_plan(text)


def test_text_without_tasks_is_an_error():
    with pytest.raises(PlanParseError, match="^未找到任何主要任务"):
        parse_plan("某区2021年工作方案\n为抓好落实，制定本方案。\n三、工作要求\n（一）加强组织领导\n各部门要高度重视。")


def test_page_footers_are_skipped_and_do_not_cut_a_list_in_two():
    parsed = plan("""
        某区2021年优化营商环境工作方案
        二、主要任务
        （一）优化审批服务
        1、推行承诺制审批，对企业投资项目实行
        告知承诺制，审批部门不再进行实质性审
        查。
        配合单位：经发局、规建局、财政局、市场监
        — 2 —
        管分局、税务局
    """)
    (item,) = parsed.items
    assert item.text == "推行承诺制审批，对企业投资项目实行告知承诺制，审批部门不再进行实质性审查。"
    assert (item.line_start, item.line_end) == (4, 6)
    assert item.cooperating == ["经发局", "规建局", "财政局", "市场监管分局", "税务局"]


def test_a_typed_plan_of_short_lines_is_not_mistaken_for_a_cut_one():
    parsed = plan("""
        某区工作方案
        （一）优化审批服务
        推行承诺制
        牵头单位：审批局
    """)
    (task,) = parsed.tasks
    assert task.title == "优化审批服务"
    assert [item.text for item in task.items] == ["推行承诺制"]


def test_the_title_is_the_plans_own_not_the_notice_that_sends_it():
    parsed = plan("""
        某市人民政府办公室文件
        某政办发〔2021〕12号
        某市人民政府办公室关于印发某市2021年优化营商环境
        重点任务分工方案的通知
        各区人民政府，市政府各部门：
        《某市2021年优化营商环境重点任务分工方案》已经市政府同意，现印发给你们，请认真组织实施。
        某市人民政府办公室
        2021年3月10日
        （此件主动公开）
        某市2021年优化营商环境重点任务分工方案
        为优化营商环境，制定本方案。
        一、推行承诺制审批（牵头单位：审批局）
    """)
    assert parsed.title == "某市2021年优化营商环境重点任务分工方案"
    assert parsed.description == "为优化营商环境，制定本方案。"
    assert [task.title for task in parsed.tasks] == ["推行承诺制审批"]


def test_a_notice_that_carries_its_own_numbered_points_is_not_the_plan():
    parsed = plan("""
        某区人民政府办公室关于印发某区重点任务分解方案的通知
        各街道办事处：
        《某区重点任务分解方案》已经区人民政府同意，现印发给你们，并就有关事项通知如下：
        一、各责任单位要高度重视。
        二、区绩效考评机构要纳入考核。
        某区人民政府办公室
        2023年1月3日
        某区重点任务分解方案
        一、深化改革
        （一）推行承诺制
        责任单位：审批局
    """)
    assert (parsed.title, parsed.year) == ("某区重点任务分解方案", 2023)
    assert [task.title for task in parsed.tasks] == ["推行承诺制"]


def test_a_missing_year_is_taken_from_the_date_the_plan_was_signed():
    parsed = plan("""
        某区优化营商环境重点任务分工方案
        一、推行承诺制审批（牵头单位：审批局）
        某区人民政府办公室
        二〇二二年三月十日
    """)
    assert (parsed.title, parsed.year) == ("某区优化营商环境重点任务分工方案", 2022)
    # The issuer and the date that sign the plan are not an item of its last task.
    assert [item.text for item in parsed.items] == ["推行承诺制审批"]


def test_a_notice_title_alone_names_the_plan_inside_its_book_title_marks():
    parsed = plan("""
        关于印发《某区优化营商环境实施细则》的通知
        一、推行承诺制审批（牵头单位：审批局）
    """)
    assert parsed.title == "某区优化营商环境实施细则"


def test_a_title_between_book_title_marks_is_the_title_inside_them():
    parsed = plan("""
        《关于帮助市场主体纾困解难的具体实施细则》
        一、落实财税支持政策（牵头单位：财政局）
    """)
    assert parsed.title == "关于帮助市场主体纾困解难的具体实施细则"


_BRACKETED_ITEMS = """
    某区2021年重点任务分工方案
    一、深化投资审批制度改革
    （一）推行承诺制审批。（审批局牵头，经发局配合）
    （二）推行容缺受理。对非关键材料容缺受理。（政务服务中心负责）
"""


@pytest.mark.parametrize(
    "after, last_item",
    [
        # The plan's closing words speak to everyone: no item, no text of the last one.
        ("各部门要加强组织领导，抓好落实。", "对非关键材料容缺受理。"),
        ("以上任务各牵头单位要按时报送进展。", "对非关键材料容缺受理。"),
        # A paragraph that goes on after the last item's departments is kept with it.
        ("容缺受理事项清单每半年更新一次，向社会公布。", "对非关键材料容缺受理。容缺受理事项清单每半年更新一次，向社会公布。"),
    ],
)
def test_text_after_the_last_bracketed_item_is_dropped_only_when_it_is_closing_words(after, last_item):
    parsed = plan(_BRACKETED_ITEMS + "    " + after + "\n")
    assert [(item.text, item.lead) for item in parsed.items] == [
        ("推行承诺制审批", ["审批局"]),
        (last_item, ["政务服务中心"]),
    ]



def test_an_item_whose_text_starts_with_digits_is_the_next_item_not_a_decimal():
    parsed = plan("""
        某市人才集聚工程
        一、高层次人才培养
        10.特聘岗位项目。择优设立50个特聘岗位。（牵头单位：市委组织部）
        11.121人才梯队项目。重点培养后备人才。（牵头单位：市人社局）
    """)
    assert [(item.number, item.text, item.lead) for item in parsed.items] == [
        ("10", "特聘岗位项目。择优设立50个特聘岗位。", ["市委组织部"]),
        ("11", "121人才梯队项目。重点培养后备人才。", ["市人社局"]),
    ]


def test_a_quantity_at_the_start_of_a_line_is_no_item_number():
    # A line cut after "总投资": "12.5亿元" goes on item 11, it is not item 12.
    parsed = plan("""
        某市重点项目推进方案
        一、重点项目
        10.推进产业园建设。（牵头单位：市发改委）
        11.推进物流园二期建设，总投资
        12.5亿元，年内开工。（牵头单位：市商务局）
    """)
    assert [(item.number, item.text, item.lead) for item in parsed.items] == [
        ("10", "推进产业园建设。", ["市发改委"]),
        ("11", "推进物流园二期建设，总投资12.5亿元，年内开工。", ["市商务局"]),
    ]


def test_the_next_number_before_digits_is_an_item_only_after_the_last_one_ended():
    parsed = plan("""
        某市人才集聚工程
        一、高层次人才培养
        10.特聘岗位项目，设立岗位
        11.121个。（牵头单位：市委组织部）
    """)
    assert [(item.number, item.text) for item in parsed.items] == [("10", "特聘岗位项目，设立岗位11.121个。")]


def test_points_that_name_their_own_departments_are_items_of_their_own():
    parsed = plan("""
        某市优化营商环境实施意见
        一、持续减少审批事项
        1.深化商事制度改革。（1）全面落实“多证合一”改革。（市工商局牵头负责）（2）完善企业登记全程电子化。（市政务局牵头负责）
        2.推行容缺受理。
        （1）梳理容缺事项。
        （2）公布容缺清单。
        牵头单位：审批局
        3.精简审批材料。
        （1）清理证明事项。（市司法局牵头）
        （2）推行告知承诺。（市审批局牵头）
    """)
    assert [(item.number, item.text, item.lead) for item in parsed.items] == [
        ("1（1）", "全面落实“多证合一”改革。", ["市工商局"]),
        ("1（2）", "完善企业登记全程电子化。", ["市政务局"]),
        ("2", "推行容缺受理。（1）梳理容缺事项。（2）公布容缺清单。", ["审批局"]),
        ("3（1）", "清理证明事项。", ["市司法局"]),
        ("3（2）", "推行告知承诺。", ["市审批局"]),
    ]


def test_points_numbered_in_circles_leave_their_item_the_one_the_next_number_follows():
    # The points ①② are items of their own; the item after them is 2, next after their item 1
    # ("2.121…" is item 2, not a decimal), and "1①" is never taken for a number.
    parsed = plan("""
        某区2021年工作方案
        二、主要任务
        （一）深化商事制度改革
        1.推行企业登记全程电子化。
        ①实现网上办理。（市场监管局牵头负责）
        ②压缩办理时间。（税务局牵头负责）
        2.121人才梯队项目。（人社局牵头负责）
    """)
    assert [(item.number, item.text, item.lead) for item in parsed.items] == [
        ("1①", "实现网上办理。", ["市场监管局"]),
        ("1②", "压缩办理时间。", ["税务局"]),
        ("2", "121人才梯队项目。", ["人社局"]),
    ]


# --- titles and years --------------------------------------------------------------------------

def test_a_white_circle_is_zero_in_a_date_written_in_chinese():
    # ○ (U+25CB) is typed for 〇 as often as not: 二○二二年 is 2022.
    parsed = plan("""
        某区优化营商环境重点任务分工方案
        一、推行承诺制审批（牵头单位：审批局）
        某区人民政府办公室
        二○二二年三月十日
    """)
    assert parsed.year == 2022
    assert [item.text for item in parsed.items] == ["推行承诺制审批"]


def test_a_date_line_above_the_title_is_no_part_of_it():
    parsed = plan("""
        二○一一年四月六日
        2011年市政府重点工作任务分解意见
        一、推行承诺制审批（牵头单位：审批局）
    """)
    assert (parsed.title, parsed.year) == ("2011年市政府重点工作任务分解意见", 2011)


def test_a_date_printed_in_figures_ends_the_notice():
    parsed = plan("""
        某市人民政府办公厅关于印发若干措施的通知
        《某市优化营商环境政策的若干措施》已经市政府同意，现印发给你们，请认真贯彻执行。
        某市人民政府办公厅
        2019116
        某市优化营商环境政策的若干措施
        一、推行承诺制审批（牵头单位：审批局）
    """)
    assert (parsed.title, parsed.year) == ("某市优化营商环境政策的若干措施", 2019)


def test_the_issuer_after_the_sending_sentence_is_no_title_when_no_date_follows():
    parsed = plan("""
        《某市优化营商环境政策的若干措施》已经市政府同意，现印发给你们，请认真贯彻执行。
        某市人民政府办公厅
        某市优化营商环境政策的若干措施
        一、推行承诺制审批（牵头单位：审批局）
    """)
    assert parsed.title == "某市优化营商环境政策的若干措施"


def test_a_title_that_names_no_plan_gives_way_to_the_plan_the_notice_names():
    # Pasted from a news page: the first short line is "近日"; the plan is named in the sentence that
    # announces it, cut over lines, its inner title marks 〈〉 being 《》 once the outer ones go.
    parsed = plan("""
        近日
        广东省人民政府印发
        《2023年省〈政府工作报告〉
        工作任务分工方案》
        粮食产量1268万吨以上
        部门分工：省农业农村厅牵头，各地、各部门配合。
    """)
    assert (parsed.title, parsed.year) == ("2023年省《政府工作报告》工作任务分工方案", 2023)


def test_a_plan_announced_without_title_marks_is_named_with_its_issuer():
    parsed = plan("""
        国务院发布落实《政府工作报告》重点工作部门分工意见，乡村振兴的四项工作由哪些部门牵头？
        近日，国务院发布关于落实《政府工作报告》重点工作部门分工的意见，就重点工作提出部门分工。
        （一）健全城乡融合发展体制机制。（农业农村部牵头，有关部门按职责分工负责）
    """)
    assert parsed.title == "国务院关于落实《政府工作报告》重点工作部门分工的意见"


def test_a_title_with_characters_left_out_gives_way_to_the_name_in_the_notice():
    parsed = plan("""
        《湖南省2021年深化“放管服”改革优化营商环境重点任务分工方案》已经省人民政府同意，现印发给你们。
        湖南省人民政府办公厅
        2021年3月10日
        湖南省年深化“放管服”改革优化营商环境重点任务分工方案
        一、推行承诺制审批（牵头单位：审批局）
    """)
    assert parsed.title == "湖南省2021年深化“放管服”改革优化营商环境重点任务分工方案"


def test_the_document_number_closing_the_title_is_left_out_and_gives_the_year():
    parsed = plan("""
        池州市人民政府关于创优“四最”营商环境的实施意见(池政〔2017〕101号)
        一、持续减少审批事项（市审批局牵头负责）
    """)
    assert (parsed.title, parsed.year) == ("池州市人民政府关于创优“四最”营商环境的实施意见", 2017)


def test_the_year_of_the_document_number_is_the_last_resort():
    parsed = plan("""
        东府〔2021〕54号
        东莞市人民政府关于稳定和扩大就业的实施意见
        一、减轻企业负担（市人力资源社会保障局负责）
    """)
    assert parsed.year == 2021
    # A 成文日期 comes first: the 文号 may be of the year before.
    signed = plan("""
        某政办发〔2020〕54号
        某市优化营商环境的实施意见
        一、减轻企业负担（市人力资源社会保障局负责）
        某市人民政府办公室
        2021年1月4日
    """)
    assert signed.year == 2021


def test_a_span_of_years_in_the_title_gives_its_first_year():
    parsed = plan("""
        北京市政务公开工作重点任务分工(2016-2020年)
        一、推行承诺制审批（牵头单位：审批局）
    """)
    assert (parsed.title, parsed.year) == ("北京市政务公开工作重点任务分工（2016-2020年）", 2016)


def test_tasks_whose_numbers_repeat_in_another_part_are_named_with_their_part():
    parsed = plan("""
        某区2021年重点任务分工方案
        二、主要任务
        （一）推行承诺制审批（牵头单位：审批局）
        （二）推行容缺受理（牵头单位：政务服务中心）
        三、保障措施
        （一）加强组织领导（牵头单位：党政办）
    """)
    assert [(task.part, task.number, task.title) for task in parsed.tasks] == [
        ("主要任务", "（一）", "推行承诺制审批"),
        ("主要任务", "（二）", "推行容缺受理"),
        ("保障措施", "（一）", "加强组织领导"),
    ]
    assert parsed.tasks[2].code == "保障措施·（一）"
    assert parsed.to_json()["tasks"][2]["part"] == "保障措施"


def test_tasks_numbered_once_in_the_plan_need_no_part():
    parsed = plan("""
        某区2021年重点任务分工方案
        二、主要任务
        （一）推行承诺制审批（牵头单位：审批局）
        三、保障措施
        （二）加强组织领导（牵头单位：党政办）
    """)
    assert [(task.part, task.code) for task in parsed.tasks] == [("", "（一）"), ("", "（二）")]
    assert "part" not in parsed.to_json()["tasks"][0]
