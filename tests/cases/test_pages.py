"""Pages and who sees what: personal data masked for roles without the right, other zones 404,
the column mapping remembered per zone, exports masked by default."""

import csv
import io
from datetime import date

import pytest

from duban.accounts.models import Role
from duban.cases.models import ColumnMapping, ImportJob

from tests.exporting import exported

from .test_import import ROWS, csv_bytes


@pytest.fixture
def water_case(water, make_case, settings):
    settings.DUBAN_TODAY = date(2020, 7, 10)
    return make_case(water, "2020-06-01", applicant_name="王建国", phone="13812341234")


def login(client, user):
    client.force_login(user)
    return client


def test_the_office_and_the_responsible_department_see_personal_data(client, office, shuiwu, water_case):
    for user in (office, shuiwu):
        client.logout()
        page = login(client, user).get(f"/cases/{water_case.pk}/").content.decode()
        assert "王建国" in page and "13812341234" in page


def test_a_leader_reads_the_case_with_personal_data_masked(client, leader, water_case):
    page = login(client, leader).get(f"/cases/{water_case.pk}/").content.decode()
    assert "王**" in page and "138****1234" in page
    assert "王建国" not in page and "13812341234" not in page


def test_a_department_not_responsible_cannot_open_the_case_but_reads_measures(client, jingfa, water_case):
    login(client, jingfa)
    assert client.get(f"/cases/{water_case.pk}/").status_code == 404
    assert client.get(f"/cases/services/{water_case.service_type_id}/").status_code == 200
    assert client.get("/cases/list/").status_code == 403


def test_another_zone_gets_404(client, make_user, other_zone, water_case):
    stranger = make_user("stranger", other_zone, "经发局", Role.OFFICE)
    login(client, stranger)
    assert client.get(f"/cases/{water_case.pk}/").status_code == 404
    assert client.get(f"/cases/services/{water_case.service_type_id}/").status_code == 404


def exported_rows(client, query: str = "") -> list[list[str]]:
    return list(csv.reader(io.StringIO(exported(client, f"/cases/export.csv{query}").decode("utf-8-sig"))))


@pytest.fixture(params=["in the request", "by the worker"])
def built(request, settings):
    """The case export built in the request, and as a background task: the same file either way."""
    if request.param == "by the worker":
        settings.DUBAN_EXPORT_IMMEDIATE_ROWS = -1  # every export, however small, goes to the worker
    return request.param


def test_exports_are_masked_by_default(client, office, leader, water_case, built):
    rows = exported_rows(login(client, office))
    assert rows[1][3:5] == ["王**", "138****1234"]
    full = exported_rows(client, "?personal=1")
    assert full[1][3:5] == ["王建国", "13812341234"]
    client.logout()
    leader_rows = exported_rows(login(client, leader), "?personal=1")
    assert leader_rows[1][3:5] == ["王**", "138****1234"]


def test_the_export_keeps_the_list_s_filters(client, office, water, gas, make_case, settings, built):
    settings.DUBAN_TODAY = date(2020, 7, 10)
    make_case(gas, "2020-07-01", number="LATE")  # open, 7 days > 3
    make_case(gas, "2020-07-09", number="FRESH")  # open, 1 day
    make_case(water, "2020-06-01", "2020-06-05", number="DONE")
    login(client, office)
    assert [r[0] for r in exported_rows(client)[1:]] == ["DONE", "LATE", "FRESH"]
    assert [r[0] for r in exported_rows(client, "?overdue=1")[1:]] == ["LATE"]
    assert [r[0] for r in exported_rows(client, "?open=1")[1:]] == ["LATE", "FRESH"]
    assert [r[0] for r in exported_rows(client, f"?type={water.pk}")[1:]] == ["DONE"]
    assert client.get("/cases/export.csv").status_code == 405  # asking for it is recorded: a POST


def test_case_list_filters_overdue_and_open(client, office, water, gas, make_case, settings):
    settings.DUBAN_TODAY = date(2020, 7, 10)
    make_case(gas, "2020-07-01", number="LATE")  # open, 7 days > 3
    make_case(gas, "2020-07-09", number="FRESH")  # open, 1 day
    make_case(water, "2020-06-01", "2020-06-05", number="DONE")
    login(client, office)
    page = client.get("/cases/list/?overdue=1").content.decode()
    assert "LATE" in page and "FRESH" not in page and "DONE" not in page
    page = client.get("/cases/list/?open=1").content.decode()
    assert "LATE" in page and "FRESH" in page and "DONE" not in page
    page = client.get(f"/cases/list/?type={water.pk}").content.decode()
    assert "DONE" in page and "LATE" not in page


def test_only_the_office_imports(client, shuiwu):
    assert login(client, shuiwu).get("/cases/import/").status_code == 403


def test_a_file_with_other_headers_goes_through_the_mapping_step_which_is_remembered(client, office, water, gas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    platform = ["业务流水号", "事项", "主体类型", "申请主体", "电话", "受理日期", "办结日期", "环节", "收费", "好差评"]
    login(client, office)
    upload = SimpleUploadedFile("平台导出.csv", csv_bytes(ROWS, header=platform))
    response = client.post("/cases/import/", {"file": upload})
    job = ImportJob.objects.get()
    assert response.url == f"/cases/import/{job.pk}/"
    page = client.get(response.url).content.decode()
    assert "请为每个字段选择文件中的列" in page
    mapping = dict(zip(["number", "service", "applicant_kind", "applicant_name", "phone", "received_at",
                        "completed_at", "steps", "cost", "rating"], platform))
    form = {f"map_{k}": v for k, v in mapping.items()}
    preview = client.post(response.url, form | {"preview": "1"}).content.decode()
    assert "准东铝业股份有限公司" in preview  # the preview shows the mapped first rows
    client.post(response.url, form)
    job.refresh_from_db()
    assert (job.state, job.created_count) == ("done", 3)
    assert ColumnMapping.objects.get(zone=office.zone).mapping == mapping
    # The next file of the same platform comes up with the remembered choice selected.
    client.post("/cases/import/", {"file": SimpleUploadedFile("平台导出2.csv", csv_bytes(ROWS, header=platform))})
    second = ImportJob.objects.latest("pk")
    page = client.get(f"/cases/import/{second.pk}/").content.decode()
    assert '<option value="业务流水号" selected>' in page


def test_a_refused_import_lists_the_errors_and_writes_nothing(client, office, water, gas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from duban.cases.models import Case

    bad = [list(r) for r in ROWS]
    bad[0][0] = ""
    login(client, office)
    response = client.post("/cases/import/", {"file": SimpleUploadedFile("办件.csv", csv_bytes(bad))})
    client.post(response.url, {f"map_{k}": v for k, v in zip(
        ["number", "service", "applicant_kind", "applicant_name", "phone", "received_at", "completed_at", "steps",
         "cost", "rating"], ["办件编号", "事项名称", "申请人类型", "申请人", "联系电话", "受理时间", "办结时间", "环节数",
                             "费用（元）", "评价"])})
    page = client.get(response.url).content.decode()
    assert "未导入任何办件" in page and "第 2 行“办件编号”列：不能为空" in page
    assert Case.objects.count() == 0


def test_catalogue_and_measures_page_show_the_figures(client, office, gas, make_case, settings):
    settings.DUBAN_TODAY = date(2020, 7, 10)
    make_case(gas, "2020-06-01", "2020-06-03")
    make_case(gas, "2020-06-01", "2020-06-08")
    login(client, office)
    page = client.get("/cases/").content.decode()
    assert "居民燃气报装" in page and "3.5 个工作日" in page  # median of 2 and 5
    page = client.get(f"/cases/services/{gas.pk}/").content.decode()
    assert "50%" in page and "vendor/echarts/echarts.min.js" in page


def test_a_running_import_shows_its_progress_and_reloads_when_it_ends(client, office):
    from duban.jobs.workers import register

    register("a-live-worker")  # this test's own process: alive
    job = ImportJob.objects.create(zone=office.zone, created_by=office, file_name="办件.csv", data=b"", mapping={},
                                   total_rows=4000, processed_rows=1000, state=ImportJob.State.RUNNING)
    url = f"/cases/import/{job.pk}/progress/"
    login(client, office)
    response = client.get(url)
    page = response.content.decode()
    assert '<progress max="4000" value="1000">' in page and "已校验 1000 / 4000 行（25%）" in page
    assert f'hx-get="{url}"' in page and "HX-Refresh" not in response  # keeps polling
    ImportJob.objects.filter(pk=job.pk).update(processed_rows=4000)
    assert "4000 行已校验，正在写入…" in client.get(url).content.decode()
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.DONE, created_count=4000)
    response = client.get(url)
    assert response["HX-Refresh"] == "true" and "hx-get" not in response.content.decode()
    assert "新增 4000 件，更新 0 件。" in response.content.decode()


def test_an_import_without_a_live_worker_says_so_and_one_whose_task_failed_stops(client, office):
    """No worker runs: the page says the import waits for one (it is not "正在写入…" for ever); the
    task failed (its worker died twice): the job is failed, with a Chinese message, and the page
    stops polling."""
    from django_tasks_db.models import DBTaskResult

    from duban.cases.jobs import import_task
    from duban.jobs.reaping import reap
    from duban.jobs.workers import register

    login(client, office)
    job = ImportJob.objects.create(zone=office.zone, created_by=office, file_name="办件.csv", data=b"", mapping={},
                                   total_rows=4000, processed_rows=4000, state=ImportJob.State.RUNNING)
    url = f"/cases/import/{job.pk}/progress/"
    page = client.get(url).content.decode()
    assert "后台进程没有运行" in page and "正在写入" not in page and f'hx-get="{url}"' in page

    # A worker claims the job's task and dies: no heartbeat row, so the next reaper calls it dead.
    result = import_task.enqueue(job.pk)
    ImportJob.objects.filter(pk=job.pk).update(task_id=str(result.id))
    row = DBTaskResult.objects.get(pk=result.id)
    row.claim("gone-1")
    row.claim("gone-2")  # its second run: the reaper fails it rather than queueing a third
    register("a-live-worker")
    assert reap() == (0, 1)
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and "后台进程在导入过程中停止" in job.message
    response = client.get(url)
    assert response["HX-Refresh"] == "true" and "hx-get" not in response.content.decode()
    assert "数据库中的办件未被改动" in client.get(f"/cases/import/{job.pk}/").content.decode()


def test_a_case_in_a_year_the_calendar_does_not_cover_gives_a_message_not_an_error(client, office, water, make_case,
                                                                                    settings):
    settings.DUBAN_TODAY = date(2020, 7, 10)
    make_case(water, "2019-12-20", "2020-01-10")
    login(client, office)
    page = client.get(f"/cases/services/{water.pk}/?year=2019")
    assert page.status_code == 200 and "2019 年" in page.content.decode() and "elapsed-chart" not in page.content.decode()
    listing = client.get("/cases/list/?overdue=1")
    assert listing.status_code == 200 and "无法判断是否超期" in listing.content.decode()
    asked = client.post("/cases/export.csv?overdue=1")
    failed = client.get(asked["Location"])
    assert "无法判断是否超期" in failed.content.decode() and "下载" not in failed.content.decode()


def test_a_new_service_type_starts_on_the_zone_s_calendar(client, office, zone):
    for region in ("national", "xinjiang"):
        type(zone).objects.filter(pk=zone.pk).update(calendar_region=region)
        login(client, office)
        form = client.get("/cases/services/new/").context["form"]
        assert form["calendar_region"].value() == region


def test_the_catalogue_and_measures_choose_their_year(client, office, water, make_case, settings):
    settings.DUBAN_TODAY = date(2021, 3, 1)
    make_case(water, "2020-06-01", "2020-06-10")
    make_case(water, "2021-02-01", "2021-02-05")
    login(client, office)
    page = client.get("/cases/").content.decode()
    assert '<option value="2021" selected>2021年</option>' in page and '<option value="2020">2020年</option>' in page
    assert f'/cases/services/{water.pk}/?year=2021' in page
    last_year = client.get(f"/cases/services/{water.pk}/", {"year": 2020})
    assert last_year.context["summary"].count == 1 and '<option value="2020" selected>' in last_year.content.decode()


def test_the_responsible_department_records_a_clock_stop_and_the_elapsed_days_follow(client, shuiwu, water_case):
    """水务局 records a 补正 period on its open case: the working days in it no longer count;
    an overlapping one is refused with the reason; a stop can be deleted again.  All audited."""
    from auditlog.models import LogEntry

    from duban.cases.models import ClockStop

    page = login(client, shuiwu).get(f"/cases/{water_case.pk}/")
    before = page.context["measure"]["elapsed"]
    assert "登记停止计时" in page.content.decode()
    url = f"/cases/{water_case.pk}/stops/"
    # 2020-06-03 → 06-09: Thu 4, Fri 5, Mon 8, Tue 9 stop the clock.
    response = client.post(url, {"kind": "补正", "start": "2020-06-03", "end": "2020-06-09"}, follow=True)
    assert "停止计时已登记" in response.content.decode()
    assert response.context["measure"]["elapsed"] == before - 4 and response.context["measure"]["stopped"] == 4
    refused = client.post(url, {"kind": "公示", "start": "2020-06-05", "end": "2020-06-12"}, follow=True)
    assert "停止计时时段重叠：补正 2020-06-03—2020-06-09 与 公示 2020-06-05—2020-06-12" in refused.content.decode()
    assert ClockStop.objects.filter(case=water_case).count() == 1
    stop = ClockStop.objects.get(case=water_case)
    assert LogEntry.objects.get_for_object(stop).get().actor == shuiwu
    client.post(f"/cases/{water_case.pk}/stops/{stop.pk}/delete/")
    assert not ClockStop.objects.exists()
    assert login(client, shuiwu).get(f"/cases/{water_case.pk}/").context["measure"]["elapsed"] == before
    assert LogEntry.objects.filter(action=LogEntry.Action.DELETE, object_repr__startswith="补正").exists()


def test_only_the_office_and_the_responsible_department_record_stops(client, leader, make_user, zone, water_case):
    from duban.accounts.models import Role
    from duban.cases.models import ClockStop

    stop = {"kind": "补正", "start": "2020-06-03", "end": "2020-06-09"}
    page = login(client, leader).get(f"/cases/{water_case.pk}/").content.decode()
    assert "登记停止计时" not in page  # a leader reads the case, records nothing
    assert client.post(f"/cases/{water_case.pk}/stops/", stop).status_code == 403
    office = make_user("office2", zone, "经发局", Role.OFFICE)
    login(client, office).post(f"/cases/{water_case.pk}/stops/", stop)
    assert ClockStop.objects.filter(case=water_case).count() == 1
