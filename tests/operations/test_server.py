"""The production settings under gunicorn (`duban serve`): a page and its stylesheet and script are
served (WhiteNoise, after collectstatic), compressed and cached for a year under hashed names."""

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.processes import PROJECT
from tests.security.test_deploy import production_environment

HOST = "duban.example.gov.cn"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, **headers):
    # Behind the zone's proxy: it terminated HTTPS and says so (DUBAN_PROXY_COUNT=1).
    request = urllib.request.Request(url, headers={"Host": HOST, "X-Forwarded-Proto": "https",
                                                   "X-Forwarded-For": "10.1.2.3", **headers})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`duban migrate` then `duban serve` on a free port, with nothing but the production settings."""
    tmp_path = tmp_path_factory.mktemp("served")
    home = tmp_path / "home"
    home.mkdir()
    env = production_environment(tmp_path, DUBAN_ALLOWED_HOSTS=HOST, DUBAN_PROXY_COUNT="1", HOME=str(home))
    migrate = subprocess.run([sys.executable, "-m", "duban", "migrate", "--noinput", "-v0"], cwd=PROJECT, env=env,
                             capture_output=True, text=True, timeout=300)
    assert migrate.returncode == 0, migrate.stderr
    port = free_port()
    log = open(tmp_path / "serve.log", "wb")
    server = subprocess.Popen([sys.executable, "-m", "duban", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                              cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while True:
            try:
                if fetch(f"{base}/health/")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("duban serve did not start: " + (tmp_path / "serve.log").read_text(errors="replace"))
            time.sleep(0.3)
        yield base, env, tmp_path
    finally:
        server.terminate()
        server.wait(30)
        log.close()


@pytest.fixture
def served(server) -> str:
    return server[0]


def test_gunicorn_serves_a_page_with_its_stylesheet_and_script(served):
    status, headers, body = fetch(f"{served}/accounts/login/")
    page = body.decode()
    assert status == 200 and "登录督办系统" in page
    stylesheet = re.search(r'<link rel="stylesheet" href="(/static/duban/duban\.[0-9a-f]{12}\.css)"', page).group(1)
    script = re.search(r'<script src="(/static/vendor/htmx/htmx\.min\.[0-9a-f]{12}\.js)"', page).group(1)

    status, headers, css = fetch(served + stylesheet, **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Type"].startswith("text/css")
    assert headers["Content-Encoding"] == "gzip"  # compressed by collectstatic, served as is
    assert "max-age=315360000" in headers["Cache-Control"]  # a hashed name never changes
    status, headers, js = fetch(served + script)
    assert status == 200 and b"htmx" in js

    # The unhashed name is not served in production: a page can only name what collectstatic made.
    assert fetch(f"{served}/static/duban/no-such.css")[0] == 404


def test_gunicorn_answers_the_health_check_and_a_missing_page_in_chinese(served):
    status, headers, body = fetch(f"{served}/health/")
    assert status == 200 and headers["Content-Type"] == "application/json"
    import json

    health = json.loads(body)
    assert health["database"]["ok"] and health["storage"]["ok"] and not health["worker"]["ok"]
    status, _headers, body = fetch(f"{served}/no/such/page/")
    assert status == 404 and "页面不存在" in body.decode()


def test_a_restore_is_refused_while_gunicorn_serves(server):
    """The lock `duban serve` takes is held on by gunicorn, which it became (exec), and its workers."""
    _base, env, tmp_path = server
    archive = tmp_path / "backup.tar.gz"
    backup = subprocess.run([sys.executable, "-m", "duban", "backup", "--output", str(archive)], cwd=PROJECT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert backup.returncode == 0, backup.stderr
    restore = subprocess.run([sys.executable, "-m", "duban", "restore", str(archive), "--yes"], cwd=PROJECT, env=env,
                             capture_output=True, text=True, timeout=300)
    assert restore.returncode == 2
    assert "督办仍在运行：网站（duban serve）" in restore.stderr and "当前数据未被改动" in restore.stderr
    assert not list(tmp_path.glob("files.before-restore-*"))


def test_gunicorn_writes_no_control_socket(server):
    """No gunicorn.ctl beside the code (the working directory), in the home directory or the data."""
    _base, env, tmp_path = server
    assert not (PROJECT / "gunicorn.ctl").exists() and not (PROJECT / ".gunicorn").exists()
    for folder in (Path(env["HOME"]), tmp_path):
        assert not list(folder.rglob("gunicorn.ctl")), folder
