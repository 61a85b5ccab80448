"""/health/: for the proxy or a monitor — no login, no cookie, JSON, 503 when a part is down."""

from duban.jobs.workers import register


def test_health_says_the_database_and_storage_work_without_a_login(client, db):
    response = client.get("/health/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] and not response.cookies
    body = response.json()
    assert body["status"] == "ok" and body["database"]["ok"] and body["storage"]["ok"]
    assert body["worker"] == {"ok": False, "detail": "未运行"}  # reported, but the site works without it
    register("a-worker")
    assert client.get("/health/").json()["worker"]["ok"]


def test_health_fails_when_the_files_cannot_be_written(client, db, settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error" and body["storage"] == {"ok": False, "detail": "不可写"}
    assert str(tmp_path) not in response.content.decode()  # no path of the server


def test_health_takes_no_post(client, db):
    assert client.post("/health/").status_code == 405
