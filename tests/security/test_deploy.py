"""Production settings pass Django's deployment checklist with no warning at all."""

import ast
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]


def production_environment(tmp_path, **extra) -> dict:
    """The environment of a production server: no DUBAN_DEBUG, a long random key, nothing else of
    duban's (the test run's own switches — plain-HTTP cookies and no redirect — left out)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUBAN_", "DJANGO_", "DATABASE_URL"))}
    env.update({"DUBAN_SECRET_KEY": secrets.token_urlsafe(50), "DUBAN_VAR_DIR": str(tmp_path),
                "DUBAN_ALLOWED_HOSTS": "duban.example.gov.cn", **extra})
    return env


def run(env, *args):
    return subprocess.run([sys.executable, "-m", "duban", *args], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_passes_with_no_warning(tmp_path):
    result = run(production_environment(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr
    assert "no issues" in result.stdout


def settings_under(env) -> dict:
    code = ("from django.conf import settings as s; print(repr({k: getattr(s, k) for k in ["
            "'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', "
            "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', 'SECURE_PROXY_SSL_HEADER']}))")
    result = run(env, "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip().splitlines()[-1])


def test_an_http_only_intranet_can_switch_each_protection_off(tmp_path):
    on = settings_under(production_environment(tmp_path))
    assert on["SECURE_SSL_REDIRECT"] and on["SESSION_COOKIE_SECURE"] and on["CSRF_COOKIE_SECURE"]
    assert on["SECURE_HSTS_SECONDS"] == 31536000 and on["SECURE_HSTS_PRELOAD"]
    assert on["SECURE_PROXY_SSL_HEADER"] is None  # no proxy configured: X-Forwarded-Proto is not believed
    off = settings_under(production_environment(
        tmp_path, DUBAN_SSL_REDIRECT="0", DUBAN_SECURE_COOKIES="0", DUBAN_HSTS_SECONDS="0",
        DUBAN_HSTS_INCLUDE_SUBDOMAINS="0", DUBAN_HSTS_PRELOAD="0",
    ))
    assert not any([off["SECURE_SSL_REDIRECT"], off["SESSION_COOKIE_SECURE"], off["CSRF_COOKIE_SECURE"],
                    off["SECURE_HSTS_SECONDS"], off["SECURE_HSTS_INCLUDE_SUBDOMAINS"], off["SECURE_HSTS_PRELOAD"]])
    proxied = settings_under(production_environment(tmp_path, DUBAN_PROXY_COUNT="1"))
    assert proxied["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.mark.parametrize("weak", ["", "short"])
def test_production_refuses_to_start_without_a_real_secret_key(tmp_path, weak):
    env = production_environment(tmp_path, DUBAN_SECRET_KEY=weak)
    result = run(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0


def test_without_a_secret_key_the_command_says_so_in_one_chinese_line(tmp_path):
    env = production_environment(tmp_path)
    del env["DUBAN_SECRET_KEY"]
    result = run(env, "migrate")
    assert result.returncode == 1
    assert result.stderr.startswith("错误: 未设置 DUBAN_SECRET_KEY") and "Traceback" not in result.stderr
    assert not (tmp_path / "duban.sqlite3").exists()  # nothing was set up


def test_the_example_file_s_placeholder_key_stops_duban_before_it_serves(tmp_path):
    """The README has IT staff copy deploy/duban.env.example: a key left as it is there would be
    the same published key on every installation, and `duban serve` used to start with it."""
    example = (PROJECT / "deploy" / "duban.env.example").read_text()
    placeholder = re.search(r"^DUBAN_SECRET_KEY=(.*)$", example, re.MULTILINE).group(1)
    result = run(production_environment(tmp_path, DUBAN_SECRET_KEY=placeholder), "migrate")
    assert result.returncode == 1
    assert result.stderr.startswith("错误: DUBAN_SECRET_KEY 仍是示例文件中的占位值") and "Traceback" not in result.stderr
    assert not (tmp_path / "duban.sqlite3").exists()  # nothing was set up


def warnings_of(output: str) -> set[str]:
    return set(re.findall(r"\(security\.W\d+\)", output))


def test_a_plain_http_intranet_gets_exactly_the_warnings_the_readme_expects(tmp_path):
    env = production_environment(tmp_path, DUBAN_SSL_REDIRECT="0", DUBAN_SECURE_COOKIES="0")
    result = run(env, "check", "--deploy")
    printed = warnings_of(result.stdout + result.stderr)
    readme = (PROJECT / "README.md").read_text()
    section = readme[readme.index("On a plain-HTTP intranet"):readme.index("Any other warning is a real problem")]
    expected = {f"({w})" for w in re.findall(r"^\s*\| `(security\.W\d+)` \|", section, re.MULTILINE)}
    assert printed == expected == {"(security.W008)", "(security.W012)", "(security.W016)"}
    # HSTS, left on, adds none: the README's advice holds.
    assert "(security.W004)" not in printed
    without_hsts = run(production_environment(tmp_path, DUBAN_SSL_REDIRECT="0", DUBAN_SECURE_COOKIES="0",
                                              DUBAN_HSTS_SECONDS="0"), "check", "--deploy")
    assert "(security.W004)" in warnings_of(without_hsts.stdout + without_hsts.stderr)


@pytest.mark.parametrize("variable, value, says", [
    ("DUBAN_SSL_REDIRECT", "true", "DUBAN_SSL_REDIRECT=true：只能是 1（开启）或 0（关闭）"),
    ("DUBAN_SECURE_COOKIES", "off", "DUBAN_SECURE_COOKIES=off：只能是 1（开启）或 0（关闭）"),
    ("DUBAN_HSTS_SECONDS", "1y", "DUBAN_HSTS_SECONDS=1y：须为 0 或正整数"),
])
def test_a_transport_switch_with_another_value_stops_duban_naming_it(tmp_path, variable, value, says):
    result = run(production_environment(tmp_path, **{variable: value}), "check", "--deploy")
    assert result.returncode == 1
    assert result.stderr.startswith(f"错误: {says}") and "Traceback" not in result.stderr


def test_hsts_is_sent_on_https_only(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    assert "Strict-Transport-Security" not in client.get("/health/")
    assert client.get("/health/", secure=True)["Strict-Transport-Security"].startswith("max-age=31536000")
