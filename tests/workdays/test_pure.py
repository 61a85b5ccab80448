"""The engine is a pure core: importing it pulls in neither Django nor the test-only calendar libraries."""

import subprocess
import sys

CHECK = """
import sys
import duban.workdays.engine
calendar = duban.workdays.engine.load_calendar("xinjiang")
loaded = sorted(name for name in ("django", "chinese_calendar", "holidays") if name in sys.modules)
print(",".join(loaded))
"""


def test_engine_imports_no_django_and_no_calendar_library():
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
