"""The dashboard's figures as the plain data its charts draw (``dashboard.js``), sent in the page
through ``json_script``: one request carries every chart, no chart asks the server again."""

from __future__ import annotations

from .figures import STATE_LABELS, UNASSESSED, Figures

RAG_LABELS = {"green": "绿灯", "amber": "黄灯", "red": "红灯", UNASSESSED: "未评估"}


def _round(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(float(value), digits)


def rag_data(figures: Figures) -> list[dict]:
    return [{"key": key, "name": RAG_LABELS[key], "value": n}
            for key, n in figures.rag.items() if n or key != UNASSESSED]


def task_data(figures: Figures) -> dict:
    states = [s for s in STATE_LABELS if s != UNASSESSED or any(b.counts[UNASSESSED] for b in figures.tasks)]
    return {
        "labels": [bar.task.number for bar in figures.tasks],
        "titles": [f"{bar.task.number}{bar.task.title}" for bar in figures.tasks],
        "series": [{"key": s, "name": STATE_LABELS[s], "data": [bar.counts[s] for bar in figures.tasks]}
                   for s in states],
    }


def target_data(figures: Figures) -> list[dict]:
    return [{"label": row.service_type, "target": row.target, "actual": _round(row.actual),
             "promise": _round(row.promise), "unit": row.unit, "share": _round(row.share),
             "colour": row.colour or "none", "status": row.colour_label} for row in figures.targets]


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def ranking_data(figures: Figures) -> dict:
    """Departments that owed reports, best on-time rate first (timeliness's ranking)."""
    ranked = [d for d in figures.timeliness.departments if d.rate is not None]
    return {"departments": [d.department.display_name for d in ranked],
            "names": [d.department.name for d in ranked],
            "rates": [_percent(d.rate) for d in ranked],
            "due": [d.due for d in ranked], "on_time": [d.on_time for d in ranked],
            "late": [d.late for d in ranked], "missing": [d.missing for d in ranked]}


def trend_data(figures: Figures) -> dict:
    """Per cycle that has come due: reports owed, filed on time, and the on-time rate."""
    cycles = figures.timeliness.cycles
    return {"cycles": [c.cycle.label for c in cycles], "due": [c.due for c in cycles],
            "on_time": [c.on_time for c in cycles], "rates": [_percent(c.rate) for c in cycles]}


def chart_data(figures: Figures) -> dict:
    return {
        "completion": {"done": figures.completion.done, "items": figures.completion.items,
                       "progress": _round(figures.completion.progress)},
        "rag": rag_data(figures),
        "tasks": task_data(figures),
        "targets": target_data(figures),
        "ranking": ranking_data(figures),
        "trend": trend_data(figures),
    }
