"""Benchmarks (not tests): ``python -m benchmarks CASE``; each case prints its figures and, last, one JSON line."""

import os
import tempfile
from datetime import date


def setup_django(today: date, *, migrate: bool = True) -> None:
    """Django on the database of ``DATABASE_URL`` (a throwaway SQLite file in a temporary directory when
    it is not set), migrated, with duban's clock pinned to ``today``."""
    if "DATABASE_URL" not in os.environ:
        os.environ.setdefault("DUBAN_VAR_DIR", tempfile.mkdtemp(prefix="duban-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    os.environ.setdefault("DUBAN_DEBUG", "1")
    os.environ["DUBAN_TODAY"] = today.isoformat()
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
