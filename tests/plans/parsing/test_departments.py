"""Department lists, as written after 牵头部门：/配合单位：/责任单位：."""

import pytest

from duban.plans.parsing import ALL_DEPARTMENTS
from duban.plans.parsing.departments import Role, aliases_of, department_kind, read_department_list


def names(text):
    return [name for name, _ in read_department_list(text)]


@pytest.mark.parametrize(
    "text",
    ["经发局、规建局、财政局", "经发局，规建局，财政局", "经发局,规建局,财政局", "经发局；规建局;财政局", "经发局、规建局，财政局。"],
)
def test_lists_split_on_full_and_half_width_separators(text):
    assert names(text) == ["经发局", "规建局", "财政局"]


def test_a_department_with_its_alias_in_brackets_is_one_name():
    assert names("党政办、组织部（人社局）、财政局") == ["党政办", "组织部（人社局）", "财政局"]
    assert aliases_of("组织部（人社局）") == ["人社局"]


def test_brackets_that_are_no_department_are_no_alias():
    assert aliases_of("国网供电公司（准东）") == []
    assert aliases_of("经发局") == []


def test_bare_place_names_take_the_organisation_of_the_name_after_them():
    assert names("奇台、木垒、吉木萨县协调办") == ["奇台县协调办", "木垒县协调办", "吉木萨县协调办"]
    assert names("经发局、奇台县、木垒县协调办") == ["经发局", "奇台县协调办", "木垒县协调办"]
    assert names("经发、规建局") == ["经发局", "规建局"]


def test_a_place_of_its_own_borrows_no_organisation():
    # A market or park listed among offices is a party itself: 五金城, not 五金城局.
    assert names("总部办、经济开发区、五金城、科技局") == ["总部办", "经济开发区", "五金城", "科技局"]
    assert names("物流园、商务局") == ["物流园", "商务局"]
    # Two characters are still a place name's shorthand.
    assert names("东城、西城区教委") == ["东城区教委", "西城区教委"]


def test_all_departments_is_kept_as_the_word():
    assert names("各部门") == [ALL_DEPARTMENTS]
    assert names("各相关部门") == [ALL_DEPARTMENTS]


def test_a_role_after_a_group_of_names():
    assert read_department_list("市场监管分局牵头，税务局、经发局配合") == [
        ("市场监管分局", Role.LEAD),
        ("税务局", Role.COOPERATING),
        ("经发局", Role.COOPERATING),
    ]


def test_a_role_in_brackets_after_a_name():
    assert read_department_list("市场监管分局（牵头）、税务局") == [("市场监管分局", Role.LEAD), ("税务局", None)]


def test_etc_closing_a_list_adds_no_department():
    assert names("经发局、规建局等部门") == ["经发局", "规建局"]


@pytest.mark.parametrize(
    "name, kind",
    [
        ("奇台县协调办", "县协调办"),
        ("开发公司", "企业"),
        ("国网昌吉供电公司准东分公司", "企业"),
        ("市场监管分局", "派驻机构"),
        ("税务局", "派驻机构"),
        ("昌吉供电局", "派驻机构"),
        ("经发局", "内设机构"),
        ("党政办", "内设机构"),
        ("组织部（人社局）", "内设机构"),
        ("纪工委", "内设机构"),
        ("政务服务中心", "内设机构"),
        ("职业技能鉴定所", "内设机构"),
        ("消防救援站", "内设机构"),
        ("第三方评价机构", "其他"),
    ],
)
def test_kind_is_guessed_from_the_name(name, kind):
    assert department_kind(name) == kind
