"""Row labels tables print: totals (合计, 本年收入合计 …), numbered items (一、 1. （一） 其中：), empty-body words."""

from __future__ import annotations

import re

#: Rows that are totals: kept as rows with ``code: None``.
TOTAL_ROW_RE = re.compile(r"^(合计|总计|小计|收入总计|支出总计|本年收入合计|本年支出合计|人员经费合计|公用经费合计"
                          r"|.{0,12}(合计|总计)|.{0,8}(收入|支出)小计)$")
#: A table's grand total row, as printed (the row that totals the whole table).
GRAND_TOTAL_RE = re.compile(r"^(合计|总计|合计数|总计数|全部合计|本年支出合计|本年收入合计|收入总计|支出总计|收入合计|支出合计)[:：]?$")
#: A numbered item of a two-sided summary (``一、一般公共预算财政拨款收入``, ``十一、城乡社区支出``).
ORDINAL_ITEM_RE = re.compile(r"^[一二三四五六七八九十百]+\s*、")
#: A top-level item of an outline (``一、`` ``一.``).
TOP_ITEM_RE = re.compile(r"^[一二三四五六七八九十]+[、.．]")
#: A sub-item of an outline (``1.`` ``（一）`` ``其中：``).
SUB_ITEM_RE = re.compile(r"^(?:\d+[、.．]|[(（][0-9一二三四五六七八九十]+[)）]|其中[:：]?)")
#: Any item start: an ordinal, an arabic number, a bracketed number.
ITEM_START_RE = re.compile(r"^([一二三四五六七八九十]+、|\d+[.．、]|[（(][一二三四五六七八九十\d]+[）)])")
#: Words an item of a summary ends with: a piece after one of these is a new item, not a wrapped end.
ITEM_END_RE = re.compile(r"(支出|收入|拨款|资金|结余|结转|合计|总计|小计|预算|基金|差额|分配|经费)$")
#: Words a layout prints letter-spaced (``合   计``, ``金   额``, ``单 位：``): read as one word.
SPACED_WORDS = frozenset({"合计", "总计", "小计", "金额", "单位", "项目", "科目", "名称", "类别", "备注", "收入", "支出",
                          "收入总计", "支出总计"})
#: Cells that say "nothing here" in a table body.
EMPTY_BODY_WORDS = frozenset({"无", "本表无数据", "空表"})
#: The 品目大类 of 政府采购 (政府采购品目分类目录: A 货物, B 工程, C 服务): in a 政府采购 tree, a row
#: labelled in that column with anything else is a budget unit's subtotal between a 品目大类 and its items.
PROCUREMENT_CATEGORY_RE = re.compile(r"^(?:[一二三四][、.．])?\s*(?:[A-Ca-c]\s*)?(货物|工程|服务)(类|采购)?(?:\s*[A-Ca-c])?$")
#: The numbering before an item's words (``一、`` ``1、`` ``(1)`` ``（一）``): not part of its name.
ITEM_MARKER_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|[(（][0-9一二三四五六七八九十]+[)）])\s*")
#: A summary's line of last year's money carried over (上年结转, 上年结转结余, 年初结转和结余), as 收入总表's
#: 上年结转 column prints it; not 上年实户资金余额 or 使用非财政拨款结余, which have columns of their own.
CARRYOVER_LINE_RE = re.compile(r"^(上年结转|年初(财政拨款)?结转)(结余|和结余)?(资金)?$")
