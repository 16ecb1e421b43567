"""The table layouts the grid reader knows are data (``grid.SHAPES``): tried in order, the first
that detects its layout builds the rows, and a new layout is one more entry."""

from __future__ import annotations

from decimal import Decimal

from connectors.readers import grid


def test_the_plain_shape_is_last_and_takes_any_table():
    assert [s.name for s in grid.SHAPES][-1] == "plain"
    assert grid.SHAPES[-1].detect("income", [[]], [[]]) is True


def test_a_shape_added_first_builds_the_tables_it_detects(monkeypatch):
    seen = []

    def detect(key, stacks, body):
        return "marked" if key == "three_public" else None

    def build(key, stacks, body, ctx, match):
        seen.append((key, match, len(body)))
        return ["row", "item", "total"], {}, [{"item": "合计", "total": Decimal("12.00")}]

    monkeypatch.setattr(grid, "SHAPES", (grid.Shape("test", detect, build), *grid.SHAPES))
    table = grid.build_table("three_public", "“三公”经费", [["项目", "合计"]], [["合计", "12.00"]], "万元")
    assert seen == [("three_public", "marked", 1)]
    assert table.columns == ["row", "item", "total"] and table.rows[0]["item"] == "合计"
    other = grid.build_table("income", "收入总表", [["项目", "合计"]], [["合计", "12.00"]], "万元")
    assert seen == [("three_public", "marked", 1)] and other.key == "income"  # not detected: the usual shapes
