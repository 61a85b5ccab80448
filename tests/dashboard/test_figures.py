"""The dashboard's figures on the small plan of conftest.py, against the values worked out by hand."""

import json

import pytest
from django.urls import reverse

from duban.dashboard.charts import chart_data
from duban.dashboard.figures import STATE_LABELS, figures
from duban.ledger.models import ItemStatus

from .conftest import HAND_WORKED as H
from .conftest import TODAY


@pytest.fixture
def shown(small_world):
    return figures(small_world, TODAY)


def test_the_ledger_agrees_with_the_hand_worked_status(small_world):
    """The premise of the figures below: the RAG status the ledger keeps for the small plan."""
    statuses = {s.item.code: (s.colour, s.done) for s in ItemStatus.objects.select_related("item__task")}
    assert statuses == {"（一）第1项": ("amber", False), "（一）第2项": ("green", True), "（二）": ("red", False)}


def test_completion_rag_and_tasks(shown):
    assert (shown.completion.items, shown.completion.done) == (H.items, H.done)
    assert shown.completion.progress == pytest.approx(H.progress)
    assert tuple(shown.rag.items()) == H.rag
    assert tuple((bar.task.number, tuple(bar.counts[s] for s in STATE_LABELS)) for bar in shown.tasks) == H.tasks
    assert tuple(item.code for item in shown.red_items) == H.red_items
    assert [a.department.name for a in shown.red_items[0].leads] == ["水务局"]


def test_timeliness_ranking_and_trend(shown):
    t = shown.timeliness
    assert tuple((d.department.name, (d.due, d.on_time, d.late, d.missing, d.returned)) for d in t.departments) == \
        H.departments
    assert tuple(round(d.rate * 100, 1) for d in t.departments) == H.rates
    assert tuple((c.cycle.label, c.due, c.on_time) for c in t.cycles) == H.cycles
    assert t.rate == pytest.approx(H.on_time_rate)


def test_targets_against_their_promise(shown):
    assert tuple((r.target, r.service_type, r.actual, r.promise, r.share, r.colour) for r in shown.targets) == \
        H.target_rows


def test_the_chart_data_carries_the_same_figures(shown):
    data = chart_data(shown)
    assert data["completion"] == {"done": 1, "items": 3, "progress": 53.3}
    assert [(r["key"], r["value"]) for r in data["rag"]] == [("green", 1), ("amber", 1), ("red", 1)]  # no 未评估
    assert data["tasks"]["labels"] == ["（一）", "（二）"]
    assert {s["name"]: s["data"] for s in data["tasks"]["series"]} == {
        "已完成": [1, 0], "正常推进": [0, 0], "黄灯": [1, 0], "红灯": [0, 1]}
    assert data["ranking"]["names"] == ["经发局", "规建局", "水务局"]
    assert data["ranking"]["rates"] == list(H.rates)
    assert data["trend"] == {"cycles": ["2020年1月", "2020年2月"], "due": [5, 3], "on_time": [3, 0], "rates": [60.0, 0.0]}
    assert [(t["label"], t["actual"], t["promise"], t["share"], t["colour"]) for t in data["targets"]] == [
        ("用水报装", 10.0, 20.0, 50.0, "green")]


def test_the_page_shows_them_and_carries_the_chart_data(client, leader, small_world):
    client.force_login(leader)
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    page = response.text
    assert 'class="kpi-items">3<' in page and 'class="kpi-done">1<' in page and "（<span class=\"kpi-done-share\">33%" in page
    assert 'class="kpi-progress">53.3<' in page and 'class="kpi-on-time">38<' in page  # 3 of 8 on time
    assert 'class="kpi-red-count">1<' in page and 'class="rag-count-amber">1<' in page
    assert f'href="{reverse("ledger:item", args=[small_world.tasks.get(number="（二）").items.get().pk])}"' in page
    assert "2 期台账未报送" in page  # the red item's reasons
    assert "10 个工作日" in page and "≤ 20 个工作日" in page
    # Everything the charts draw is in the page itself: one request, no chart asks again.
    start = page.index('<script id="dashboard-data" type="application/json">') + len(
        '<script id="dashboard-data" type="application/json">')
    carried = json.loads(page[start:page.index("</script>", start)])
    assert carried == json.loads(json.dumps(chart_data(figures(small_world, TODAY))))
