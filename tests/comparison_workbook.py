"""A workbook whose 一般公共预算支出表 prints last year's figures beside this year's (上年预算数,
比上年增减, 增减%), flat header, 万元, laid out to print on one landscape page; and last year's
workbook that printed those figures as its own."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Side

HEADER = ["功能分类科目编码", "功能分类科目名称", "合计", "基本支出", "项目支出", "上年预算数", "比上年增减", "增减%"]
#: code, name, 合计, 基本支出, 项目支出, 上年预算数, 比上年增减, 增减% (万元, as printed)
ROWS = [
    ("201", "一般公共服务支出", "131.50", "100.00", "31.50", "120.00", "11.50", "9.58%"),
    ("20101", "人大事务", "131.50", "100.00", "31.50", "120.00", "11.50", "9.58%"),
    ("2010101", "行政运行", "100.00", "100.00", "0.00", "90.00", "10.00", "11.11%"),
    ("2010102", "一般行政管理事务", "31.50", "0.00", "31.50", "30.00", "1.50", "5.00%"),
    (None, "合计", "131.50", "100.00", "31.50", "120.00", "11.50", "9.58%"),
]


WIDTHS = (18, 24, 11, 11, 11, 11, 11, 9)


def workbook(path: Path, rows=ROWS, *, year: int = 2025, header=HEADER, lead: int = 2, widths=WIDTHS) -> Path:
    """``rows``: (code, name, amounts…, ratio) as printed; ``header`` may stop before the 上年 columns;
    ``lead``: how many text cells start a row (1: a name column that carries the code)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "一般公共预算支出表"
    ws.append([f"{year}年一般公共预算支出预算表"])
    ws.append(["编制部门：无锡市梁溪区审计局", *[None] * (len(header) - 2), "单位：万元"])
    ws.append(list(header))
    for row in rows:
        texts, amounts = row[:lead], row[lead:]
        cells = [D(a) if a else None for a in amounts[:-1]] + [amounts[-1]]
        ws.append([*texts, *cells[: len(header) - lead]])
    thin = Side(style="thin")
    for line in ws.iter_rows(min_row=3, max_row=3 + len(rows), max_col=len(header)):
        for c in line:
            c.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            c.alignment = Alignment(wrap_text=True, vertical="center")
            if isinstance(c.value, D):
                c.number_format = "#,##0.00"
    for col, width in zip("ABCDEFGH", widths, strict=False):
        ws.column_dimensions[col].width = width
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    wb.save(path)
    return path


def last_year_rows() -> list[tuple]:
    """Last year's table as it printed the figures this year's 上年预算数 column repeats."""
    return [(code, name, ly, ly, "0.00", "") for code, name, _t, _b, _p, ly, _c, _r in ROWS]
