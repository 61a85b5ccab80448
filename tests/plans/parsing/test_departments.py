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
    # Only a suffix from an administrative level on is lent: "局" alone would make 经发 a 经发局 the
    # plan never named (区发改、财政局 is no 区发改局).
    assert names("经发、规建局") == ["经发", "规建局"]


def test_the_names_completed_from_shorthand_are_told_with_how_they_were_written():
    assert read_department_list("奇台、木垒、吉木萨县协调办").completed == {"奇台县协调办": "奇台", "木垒县协调办": "木垒"}
    assert read_department_list("经发局、规建局").completed == {}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("经开区、高新区、市发改委", ["经开区", "高新区", "市发改委"]),
        ("经开区、高新区、规建局", ["经开区", "高新区", "规建局"]),
        ("海关、税务局", ["海关", "税务局"]),
        ("昆明海关、市商务局", ["昆明海关", "市商务局"]),
        ("机场、海关、边检站", ["机场", "海关", "边检站"]),
        ("奇台、经开区、吉木萨县协调办", ["奇台", "经开区", "吉木萨县协调办"]),
    ],
)
def test_a_zone_customs_or_an_airport_is_a_party_of_its_own_and_borrows_nothing(text, expected):
    assert names(text) == expected


def test_a_leading_by_is_the_sentence_s_not_the_name_s():
    assert read_department_list("由区财政局负责") == [("区财政局", Role.RESPONSIBLE)]
    assert names("由区财政局、区税务局") == ["区财政局", "区税务局"]


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


@pytest.mark.parametrize(
    "etc", ["等", "等部门", "等单位", "等有关部门", "等相关部门", "等有关单位", "等相关单位", "等10个部门", "等相关职能部门"]
)
def test_etc_closing_a_list_adds_no_department(etc):
    assert names(f"经发局、市财政局{etc}") == ["经发局", "市财政局"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("各区、县级市", ["各区、县级市"]),
        ("各市州、县市区人民政府", ["各市州、县市区人民政府"]),
        ("各县、市直有关部门", ["各县", "市直有关部门"]),
        ("各区、市有关单位", ["各区", "市有关单位"]),
    ],
)
def test_every_level_joins_only_a_bare_level_after_it(text, expected):
    assert names(text) == expected


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
