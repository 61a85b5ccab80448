"""Errors in Chinese: a failing view, a database that cannot be reached (with the traceback and a
line in the log on standard error), a bad request, an expired form."""

import subprocess
import sys

import pytest
from django.test import Client

from tests.processes import PROJECT
from tests.security.test_deploy import production_environment


def test_an_error_in_a_view_gives_the_chinese_500_page(client, settings):
    settings.ROOT_URLCONF = "tests.operations.failing_urls"
    client.raise_request_exception = False
    response = client.get("/fails/")
    page = response.content.decode()
    assert response.status_code == 500 and "系统出错" in page and "您的操作可能没有完成" in page
    assert "Server Error" not in page


def test_a_database_that_cannot_be_reached_gives_a_chinese_page_and_a_log_line(tmp_path):
    """Production settings, the database on a port where nothing listens: the page says the database
    cannot be reached (503), the log on standard error has the line and the traceback, and the
    health check says which part failed, as JSON, without naming the host."""
    env = production_environment(tmp_path, DATABASE_URL="postgres://duban@127.0.0.1:9/duban",
                                 DUBAN_SSL_REDIRECT="0")
    code = (
        "from django.test import Client\n"
        "c = Client(raise_request_exception=False, HTTP_HOST='duban.example.gov.cn')\n"
        "c.cookies['sessionid'] = 'a' * 32\n"  # a signed-in user: the session is read from the database
        "r = c.get('/'); print('PAGE', r.status_code, r.content.decode())\n"
        "h = c.get('/health/'); print('HEALTH', h.status_code, h.content.decode())\n"
    )
    result = subprocess.run([sys.executable, "-m", "duban", "shell", "--no-imports", "-c", code], cwd=PROJECT,
                            env=env, capture_output=True, text=True, timeout=120)
    out, err = result.stdout, result.stderr
    page = out[out.index("PAGE"):out.index("HEALTH")]
    assert page.startswith("PAGE 503") and "数据库暂时无法访问" in page and "Traceback" not in page
    health = out[out.index("HEALTH"):]
    assert health.startswith("HEALTH 503") and '"database": {"ok": false, "detail": "无法访问"}' in health
    assert "127.0.0.1" not in health and "5432" not in health
    assert "ERROR duban.operations: 数据库无法访问：GET /：" in err
    assert "ERROR django.request: " in err and "Traceback (most recent call last)" in err


def test_a_request_for_another_host_gets_the_chinese_400_page(db):
    response = Client(HTTP_HOST="attacker.example.com").get("/accounts/login/")
    assert response.status_code == 400 and "请求无效" in response.content.decode()


def test_a_form_posted_without_its_token_gets_a_chinese_page(db):
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403 and "页面已过期" in response.content.decode()


@pytest.mark.parametrize("template", ["400.html", "403.html", "403_csrf.html", "404.html", "500.html"])
def test_every_error_page_is_chinese_and_renders_without_a_request(template):
    from django.template import loader

    page = loader.get_template(template).render()
    assert "督办" in page and 'lang="zh-Hans"' in page
