"""The plan pages as the zone's users see them."""

import pytest
from django.urls import reverse

from duban.accounts.models import Role
from duban.plans.models import Plan

from .test_importing import table_counts


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def test_anonymous_visitors_are_sent_to_login(client, plan):
    response = client.get(reverse("plans:detail", args=[plan.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_login_page_is_chinese(client, db):
    response = client.get(reverse("accounts:login"))
    assert "登录督办系统" in response.text and 'lang="zh-Hans"' in response.text


def test_home_goes_to_the_zone_s_only_plan(office_client, plan):
    response = office_client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("plans:detail", args=[plan.pk])


def test_plan_page_shows_tasks_items_departments_and_targets(client, liaison, plan):
    client.force_login(liaison)  # any user of the zone reads the plan
    page = client.get(reverse("plans:detail", args=[plan.pk])).text
    assert page.count('class="task"') == 12
    assert page.count('class="item"') == 17
    assert "（八）</span>提升公用事业服务水平" in page
    assert "国网昌吉供电公司准东分公司" in page
    assert "≤ 20 工作日" in page and "≥ 4 个" in page
    assert "各部门" in page
    assert "三、工作要求" not in page


def test_plan_page_runs_a_fixed_number_of_queries(office_client, plan, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        assert office_client.get(reverse("plans:detail", args=[plan.pk])).status_code == 200


def test_department_page_lists_led_and_supported_items(office_client, plan, zone):
    department = zone.departments.get(name="规建局")
    page = office_client.get(reverse("plans:department", args=[department.pk])).text
    led, supported = page.split("配合的任务")
    assert "牵头的任务（1 项）" in led and "用水报装时间不超过20个工作日" in led
    # 规建局 is named on (一)1–2, (五), (八)1 and (十二), and is one of 各部门 on (三)1–2 and (九).
    assert "配合的任务（8 项）" in page
    assert "（九）实施先进制造业集群培育行动" in supported


def test_a_user_of_another_zone_gets_404(client, make_user, other_zone, plan, zone):
    outsider = make_user("outsider", other_zone, "经发局", Role.OFFICE)
    client.force_login(outsider)
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 404
    department = zone.departments.get(name="经发局")
    assert client.get(reverse("plans:department", args=[department.pk])).status_code == 404
    assert plan.title not in client.get(reverse("plans:list")).text


def test_only_the_office_may_import(client, liaison, seed_bytes):
    client.force_login(liaison)
    assert client.get(reverse("plans:import")).status_code == 403
    assert client.post(reverse("plans:import_confirm"), {"token": "x"}).status_code == 403


def upload(client, data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("plans:import"), {"document": SimpleUploadedFile(name, data)})


def test_upload_preview_confirm(office_client, seed_bytes, zone):
    preview = upload(office_client, seed_bytes, "方案.txt")
    assert preview.status_code == 200
    page = preview.text
    assert "核对导入：准东开发区2020年深化“放管服”改革工作方案" in page
    assert "12 项主要任务 · 17 项具体任务" in page
    assert "吉木萨县协调办 → 吉木萨尔县协调办" in page
    assert "用水报装时间不超过20个工作日" in page  # the original text beside what was understood
    assert not Plan.objects.exists()  # the preview writes nothing

    token = preview.context["token"]
    done = office_client.post(reverse("plans:import_confirm"), {"token": token})
    plan = Plan.objects.get()
    assert done.status_code == 302 and done["Location"] == reverse("plans:detail", args=[plan.pk])
    assert plan.imported_by.username == "office"
    # The token is spent: confirming twice does not import twice.
    again = office_client.post(reverse("plans:import_confirm"), {"token": token}, follow=True)
    assert "导入已失效" in again.text and Plan.objects.count() == 1


def test_upload_of_a_bad_file_shows_the_error_and_writes_nothing(office_client, zone):
    before = table_counts()
    response = upload(office_client, b"\x00\x00\x00", "坏文件.txt")
    assert response.status_code == 200
    assert "坏文件.txt：" in response.text
    assert table_counts() == before


def test_logout_is_a_post(office_client):
    assert office_client.get(reverse("accounts:logout")).status_code == 405
    assert office_client.post(reverse("accounts:logout")).status_code == 302
