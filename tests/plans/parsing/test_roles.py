"""Who leads, who cooperates, who is responsible: every way plans write it, each as a small excerpt."""

from textwrap import dedent

import pytest

from duban.plans.parsing import ALL_DEPARTMENTS, parse_plan
from duban.plans.parsing.annotations import FIRST_AS_LEAD
from duban.plans.parsing.departments import Role, read_department_list

HEAD = "某区2021年优化营商环境工作方案\n二、主要任务\n（一）优化审批服务\n"


def item_of(body):
    (item,) = parse_plan(HEAD + dedent(body).strip("\n")).items
    return item


def roles(item):
    return item.lead, item.cooperating, item.responsible


@pytest.mark.parametrize(
    "label, expected",
    [
        ("牵头单位", (["审批局"], [], [])),
        ("牵头部门", (["审批局"], [], [])),
        ("牵头负责单位", (["审批局"], [], [])),
        ("主办单位", (["审批局"], [], [])),
        ("责任单位", (["审批局"], [], [])),
        ("实施单位", (["审批局"], [], [])),
        ("承办单位", (["审批局"], [], [])),
        ("责任处室", (["审批局"], [], [])),
        ("配合单位", ([], ["审批局"], [])),
        ("配合部门", ([], ["审批局"], [])),
        ("协办单位", ([], ["审批局"], [])),
    ],
)
def test_every_label_spelling_gives_its_role(label, expected):
    assert roles(item_of(f"1、推行承诺制。\n{label}：审批局")) == expected


def test_labels_glued_on_one_line_are_read_apart():
    item = item_of("1、推行承诺制。\n牵头单位：审批局配合单位：经发局、财政局完成时限：2021年6月底前")
    assert roles(item) == (["审批局"], ["经发局", "财政局"], [])
    assert item.deadline.text == "2021年6月底前"


def test_progress_schedule_reads_as_a_deadline_and_people_are_not_departments():
    item = item_of("1、推行承诺制。\n责任领导：张三\n责任单位：审批局\n责任人：李四\n进度安排：2021年9月底前")
    assert roles(item) == (["审批局"], [], [])
    assert item.deadline.text == "2021年9月底前"
    assert item.text == "推行承诺制。"


def test_a_note_ends_at_its_full_stop_and_a_closing_bracket_stays_off_the_last_name():
    item = item_of("1、推行承诺制。〔牵头单位：审批局，责任单位：区政府有关部门，各街道（功能区）〕")
    assert roles(item) == (["审批局"], [], ["区政府有关部门", "各街道（功能区）"])
    item = item_of("1、推行承诺制。（责任单位：审批局。以下措施均需各街道落实，不再单独列出）")
    assert roles(item) == (["审批局"], [], [])
    item = item_of("1、推行承诺制。\n牵头单位：审批局）")
    assert item.lead == ["审批局"]


def test_three_roles_are_kept_apart():
    item = item_of("1、推行承诺制。\n牵头单位：审批局\n责任单位：经发局、财政局\n配合单位：税务局")
    assert roles(item) == (["审批局"], ["税务局"], ["经发局", "财政局"])


@pytest.mark.parametrize(
    "bracket, expected",
    [
        ("（审批局牵头，经发局、财政局按职责分工负责）", (["审批局"], ["经发局", "财政局"], [])),
        ("（审批局负责）", (["审批局"], [], [])),
        ("（审批局、经发局牵头，财政局配合）", (["审批局", "经发局"], ["财政局"], [])),
        ("（各级人民政府负责，审批局组织实施，财政局配合）", (["审批局"], ["财政局"], ["各级人民政府"])),
        ("（责任单位：审批局、经发局、财政局）", (["审批局"], ["经发局", "财政局"], [])),
        ("（审批局牵头落实）", (["审批局"], [], [])),
        ("（审批局、经发局牵头落实）", (["审批局", "经发局"], [], [])),
        ("（审批局牵头实施，财政局配合落实）", (["审批局"], ["财政局"], [])),
    ],
)
def test_state_council_brackets_at_the_end_of_an_item(bracket, expected):
    item = item_of(f"1、推行承诺制，压缩审批时间。{bracket}")
    assert roles(item) == expected
    assert item.text == "推行承诺制，压缩审批时间。"


def test_a_bracket_that_is_not_an_assignment_stays_in_the_text():
    item = item_of("1、推行承诺制（试点先行）。\n牵头单位：审批局")
    assert item.text == "推行承诺制（试点先行）。"


def test_a_list_without_a_lead_split_takes_the_first_as_lead_and_says_so():
    item = item_of("1、推行承诺制。（责任单位：审批局、经发局、财政局）")
    assert roles(item) == (["审批局"], ["经发局", "财政局"], [])
    assert item.doubts == [FIRST_AS_LEAD]
    assert item.confidence < 1


def test_a_list_shared_by_duty_only_takes_the_first_as_lead_and_says_so():
    item = item_of("1、推行承诺制。（审批局、经发局等按职责分工负责）")
    assert roles(item) == (["审批局"], ["经发局"], [])
    assert FIRST_AS_LEAD in item.doubts


def test_explicit_roles_leave_no_doubt():
    item = item_of("1、推行承诺制。（审批局牵头，经发局配合）")
    assert (item.confidence, item.doubts) == (1.0, [])


def test_responsible_unit_beside_cooperating_units_leads_without_doubt():
    item = item_of("1、推行承诺制。\n责任单位：审批局、经发局\n配合单位：财政局")
    assert roles(item) == (["审批局", "经发局"], ["财政局"], [])
    assert item.doubts == []


def names(text):
    return [name for name, _ in read_department_list(text)]


def test_every_district_and_county_level_city_is_one_party():
    assert names("各区、县级市人民政府") == ["各区、县级市人民政府"]
    assert names("各乡镇人民政府、区直各部门") == ["各乡镇人民政府", "区直各部门"]
    assert names("各地、各部门") == ["各地", ALL_DEPARTMENTS]


def test_names_joined_by_and_are_split_when_both_are_offices():
    assert names("省直相关部门及各市州人民政府") == ["省直相关部门", "各市州人民政府"]
    assert names("省工业和信息化厅") == ["省工业和信息化厅"]


def test_shorthand_is_kept_as_written_and_collective_names_borrow_nothing():
    assert names("省发展改革委、科技厅、农业农村厅") == ["省发展改革委", "科技厅", "农业农村厅"]
    assert names("市直各有关单位、各开发区管委会") == ["市直各有关单位", "各开发区管委会"]


def test_duty_words_after_a_group():
    assert read_department_list("审批局牵头，有关部门按职责分工负责") == [
        ("审批局", Role.LEAD),
        ("有关部门", Role.SHARED),
    ]


def test_a_role_word_covers_the_groups_before_it_back_to_the_previous_role():
    assert read_department_list("工信厅牵头，网信办，发改委、科技厅等配合") == [
        ("工信厅", Role.LEAD),
        ("网信办", Role.COOPERATING),
        ("发改委", Role.COOPERATING),
        ("科技厅", Role.COOPERATING),
    ]
    assert read_department_list("审批局牵头，经发局、财政局") == [("审批局", Role.LEAD), ("经发局", None), ("财政局", None)]


def test_a_star_marks_the_lead_and_the_rest_of_its_list_cooperate():
    assert roles(item_of("1、推行承诺制。\n责任单位：财政局*、发改局、科技局")) == (["财政局"], ["发改局", "科技局"], [])
    assert roles(item_of("1、推行承诺制。\n责任单位：财政局牵头，发改局")) == (["财政局"], ["发改局"], [])
    # Beside a 牵头单位 of its own, a 责任单位 list is the third role.
    assert roles(item_of("1、推行承诺制。\n牵头单位：财政局\n责任单位：发改局")) == (["财政局"], [], ["发改局"])


def test_a_standing_instruction_adds_its_parties_to_every_later_item():
    parsed = parse_plan(
        HEAD
        + "1、落实财税支持政策。（责任单位：财政局等有关部门，各县区人民政府、园区管委会。以下政策措施均需各县区人民政府、园区管委会落实，不再单独列出）\n"
        + "2、设立专项资金。（责任单位：工信局、财政局）\n"
        + "（二）规范涉企收费\n"
        + "清理涉企收费。（牵头单位：财政局）\n"
    )
    assert [roles(item) for item in parsed.items] == [
        (["财政局"], ["各县区人民政府", "园区管委会"], []),
        (["工信局"], ["财政局", "各县区人民政府", "园区管委会"], []),
        (["财政局"], ["各县区人民政府", "园区管委会"], []),
    ]


def test_a_deadline_that_names_no_day_says_so():
    item = item_of("1、推行承诺制。\n牵头单位：审批局\n完成时限：尽快")
    assert item.doubts == ["完成时限“尽快”无法换算为日期"]
    assert (item_of("1、推行承诺制。\n牵头单位：审批局\n完成时限：持续推进").doubts) == []


@pytest.mark.parametrize(
    "bracket, deadline",
    [("（审批局牵头，经发局配合，2021年6月底前完成）", "2021年6月底前完成"), ("（审批局负责，持续推进）", "持续推进")],
)
def test_a_deadline_closing_a_bracket_of_roles(bracket, deadline):
    item = item_of(f"1、推行承诺制。{bracket}")
    assert (item.text, item.lead, item.deadline.text) == ("推行承诺制。", ["审批局"], deadline)


def test_a_plan_that_says_the_first_unit_leads_leaves_no_doubt():
    parsed = parse_plan(
        "某区2021年重点任务分工方案\n各项任务中，责任单位排在第一位的为牵头单位。\n一、推行承诺制审批。（责任单位：审批局、经发局）"
    )
    (item,) = parsed.items
    assert (item.lead, item.cooperating, item.doubts) == (["审批局"], ["经发局"], [])


def test_the_plans_first_as_lead_rule_covers_the_items_after_it_or_all_when_said_last():
    def doubts(body):
        return [item.doubts for item in parse_plan("某区2021年重点任务分工方案\n" + body).items]

    one = "一、推行承诺制审批。（责任单位：审批局、经发局）\n"
    two = "二、推行容缺受理。（责任单位：政务服务中心、经发局）\n"
    # Said in the middle: the item before it stays a guess.
    assert doubts(one + "以下各项，列第一位者为牵头单位。\n" + two) == [[FIRST_AS_LEAD], []]
    # Said after every item, in a closing note: it covers them all.
    assert doubts(one + two + "以上任务排在第一位的为牵头单位。") == [[], []]
    # "第一为牵头" names no place in a list.
    assert doubts("坚持安全第一为牵头抓总之要。\n" + one) == [[FIRST_AS_LEAD]]


def test_several_units_responsible_without_a_lead_are_a_list_without_a_split():
    item = item_of("1、推行承诺制。（市人社局、市医保局、市财政局负责）")
    assert roles(item) == (["市人社局"], ["市医保局", "市财政局"], [])
    assert item.doubts == [FIRST_AS_LEAD]


def test_a_remark_in_brackets_after_the_last_name_is_no_part_of_it():
    parsed = parse_plan(HEAD + "1、推行承诺制。\n责任单位：市发改委、市财政局（第一责任单位为牵头单位，下同）\n")
    (item,) = parsed.items
    # The remark also says the first unit leads: no doubt.
    assert (roles(item), item.doubts) == ((["市发改委"], ["市财政局"], []), [])


def test_a_deadline_closing_a_labelled_list():
    item = item_of("1、推行承诺制。（牵头单位：审批局；责任单位：司法局、编办及直属单位，各县市人民政府，6月底完成）")
    assert roles(item) == (["审批局"], [], ["司法局", "编办", "直属单位", "各县市人民政府"])
    assert item.deadline.text == "6月底完成"


def test_square_brackets_hold_notes_too():
    item = item_of("1、推行承诺制。[牵头单位:卫健局;责任单位:指挥部成员单位、各街办(新区)]")
    assert roles(item) == (["卫健局"], [], ["指挥部成员单位", "各街办（新区）"])


def test_every_level_with_related_and_joined_by_and():
    assert names("市科协，各有关区、县级市") == ["市科协", "各有关区、县级市"]
    assert names("省直相关单位和各市州、县市区人民政府") == ["省直相关单位", "各市州、县市区人民政府"]


def test_federations_and_associations_are_offices_that_borrow_nothing():
    assert names("市残联、市财政局") == ["市残联", "市财政局"]
    assert names("市科协、市税务局") == ["市科协", "市税务局"]


def test_a_bracket_naming_a_zone_customs_or_an_airport_with_their_roles_assigns_them():
    item = item_of("1、推行承诺制。（经开区牵头，海关、机场配合）")
    assert (item.text, *roles(item)) == ("推行承诺制。", ["经开区"], ["海关", "机场"], [])


def test_a_bracket_saying_by_whom_names_the_lead_without_the_by():
    assert roles(item_of("1、推行承诺制。（由区财政局负责）")) == (["区财政局"], [], [])
