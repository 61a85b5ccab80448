"""A test run leaves nothing behind in the temporary folder: its scratch directory (uploaded files,
the SQLite test database) goes when the run ends, and the child processes tests start share it."""

import os
import subprocess
import sys

from tests.processes import PROJECT

LOAD_SETTINGS = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'tests.settings'; django.setup(); "
                 "from django.conf import settings; print(settings.MEDIA_ROOT)")


def run_settings(tmp_path, **env) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DUBAN_TEST_") and k != "DUBAN_VAR_DIR"}
    result = subprocess.run([sys.executable, "-c", LOAD_SETTINGS], cwd=PROJECT, capture_output=True, text=True,
                            env=clean | {"TMPDIR": str(tmp_path)} | env, timeout=120, check=True)
    return result.stdout.strip()


def test_a_test_process_removes_its_scratch_directory_when_it_ends(tmp_path):
    media = run_settings(tmp_path)
    assert media.startswith(str(tmp_path))  # it was made there …
    assert list(tmp_path.iterdir()) == []  # … and is gone


def test_a_child_process_uses_its_parent_s_scratch_directory_and_makes_none(tmp_path):
    parent = tmp_path / "parent"
    parent.mkdir()
    media = run_settings(tmp_path, DUBAN_TEST_SCRATCH=str(parent))
    assert media == str(parent / "files")
    assert [p.name for p in tmp_path.iterdir()] == ["parent"]  # nothing new, the parent's kept
