"""``python -m benchmarks CASE [options]``: run one benchmark case by name."""

from __future__ import annotations

import importlib
import sys

#: Case name → module with a ``main(argv) -> int``.
CASES = {
    "workdays": "benchmarks.workdays",
    "cases": "benchmarks.cases",
    "ledger": "benchmarks.ledger",
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] not in CASES:
        print(f"usage: python -m benchmarks {{{','.join(CASES)}}} [options]", file=sys.stderr)
        return 2
    module = importlib.import_module(CASES[argv[0]])
    return module.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main())
