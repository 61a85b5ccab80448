"""The benchmark runs end to end on a small workload and ends with one JSON line (timings not asserted)."""

import json

from benchmarks.__main__ import main


def run_benchmark(capsys, *options) -> tuple[dict, list[str]]:
    assert main(["workdays", "--pairs", "5000", "--sample", "20", "--repeats", "1", *options]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    return json.loads(lines[-1]), lines


def test_benchmark_prints_figures_then_json(capsys, transactional_db):
    result, lines = run_benchmark(capsys)
    assert set(result) == {"pairs", "count_many_s", "baseline_per_pair_s", "ratio", "sql_rows", "sql_s", "database"}
    assert result["pairs"] == result["sql_rows"] == 5000
    assert result["database"] in {"sqlite", "postgresql"}
    assert any(line.startswith(f"SQL ({result['database']}): 5,000 rows") for line in lines)
    assert len(lines) > 1  # the human-readable figures come first


def test_without_the_sql_figure_no_database_is_needed(capsys):
    result, _ = run_benchmark(capsys, "--sql-rows", "0")
    assert set(result) == {"pairs", "count_many_s", "baseline_per_pair_s", "ratio"}


def test_unknown_case_is_a_usage_error(capsys):
    assert main(["nope"]) == 2
    assert "usage" in capsys.readouterr().err
