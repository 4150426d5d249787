"""API schemas of growth that other apps' operations return too (a milestone made from a
meeting's action item is answered by the meetings API)."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema


class MilestoneOut(Schema):
    id: int
    goal_id: int
    title: str
    due_date: date | None
    done_at: datetime | None
    source_action_id: int | None
