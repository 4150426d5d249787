"""The report history as charts: satisfaction over time for both parties, and each goal's
progress as each party reported it."""

from __future__ import annotations

from tandem.core.charts import Series, line_chart, table_rows


def _label(rel, person) -> str:
    return f"{person.display_name} ({'mentee' if person.pk == rel.mentee_id else 'mentor'})"


def charts_for(rel, reports) -> list[dict]:
    people = [rel.mentee, rel.mentor]
    dates = sorted({r.due_date for r in reports})
    by = {(r.author_id, r.due_date): r for r in reports}
    satisfaction = [
        Series(label=_label(rel, p),
               points=[(d, float(by[(p.pk, d)].satisfaction) if (p.pk, d) in by else None)
                       for d in dates])
        for p in people]
    charts = [_chart("Satisfaction with the mentorship", satisfaction, 1, 5, [1, 2, 3, 4, 5],
                     str)]
    goals: dict[int, str] = {}
    for report in reports:
        for item in report.goal_progress:
            goals.setdefault(item["goal_id"], item["title"])
    for goal_id, title in goals.items():
        series = []
        for person in people:
            points = []
            for d in dates:
                report = by.get((person.pk, d))
                value = next((i["percent"] for i in (report.goal_progress if report else [])
                              if i["goal_id"] == goal_id), None)
                points.append((d, float(value) if value is not None else None))
            series.append(Series(label=_label(rel, person), points=points))
        charts.append(_chart(f"Progress: {title}", series, 0, 100, [0, 25, 50, 75, 100],
                             lambda v: f"{v:.0f}%"))
    return charts


def _chart(title, series, low, high, ticks, fmt) -> dict:
    return {"title": title,
            "svg": line_chart(title=title, series=series, y_min=low, y_max=high, y_ticks=ticks,
                              y_format=fmt),
            "labels": [s.label for s in series], "rows": table_rows(series)}
