"""The benchmark runs end to end on a small workload and ends with one JSON line (timings not asserted)."""

import json

from benchmarks.__main__ import main


def test_benchmark_prints_figures_then_json(capsys):
    assert main(["workdays", "--pairs", "5000", "--sample", "20", "--repeats", "1"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    result = json.loads(lines[-1])
    assert set(result) == {"pairs", "count_many_s", "baseline_per_pair_s", "ratio"}
    assert result["pairs"] == 5000
    assert len(lines) > 1  # the human-readable figures come first


def test_unknown_case_is_a_usage_error(capsys):
    assert main(["nope"]) == 2
    assert "usage" in capsys.readouterr().err
