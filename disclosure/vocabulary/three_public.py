"""The 三公 table's items and how a printed header names each one."""

from __future__ import annotations

import re

#: The 三公 table's items in the contract's order, and how a printed header names each one.
THREE_PUBLIC_ITEMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("合计", re.compile(r"^合计$")),
    ("因公出国（境）费", re.compile(r"因公出国")),
    ("公务用车购置及运维费", re.compile(r"公务用车购置及运行(维护)?费$|^小计$")),
    ("其中：公务用车购置费", re.compile(r"(公务用车)?购置费$")),
    ("公务用车运行维护费", re.compile(r"(公务用车)?运行(维护)?费$")),
    ("公务接待费", re.compile(r"公务接待费")),
    ("机关运行经费", re.compile(r"机关运行经费")),
)
#: Items some provinces print in the same table after the 三公 (Jiangsu: 会议费, 培训费): part of its 合计.
THREE_PUBLIC_EXTRA_ITEMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("会议费", re.compile(r"^会议费$")),
    ("培训费", re.compile(r"^培训费$")),
)
#: The subtotal of the three 三公 items where the table also prints 会议费 / 培训费.
THREE_PUBLIC_SUBTOTAL = "“三公”经费小计"
#: A column headed as the 三公 items' own total (``“三公”经费合计``) where the table also prints 会议费 / 培训费.
THREE_PUBLIC_SUBTOTAL_RE = re.compile(r'^"?三公"?经费(合计|小计)$')
#: The 三公 heading a 小计 may stand under (``“三公”经费 / 小计``), not the car costs' heading.
THREE_PUBLIC_HEADING_RE = re.compile(r'"?三公"?经费')
CAR_HEADING_RE = re.compile(r"公务用车")
#: The 三公 heading as the reader names it where the print leaves it out.
THREE_PUBLIC_HEADING = '"三公"经费'
#: The 三公 table's lines by role, as the sums rules find them: 合计 / “三公”经费合计, “三公”经费小计, 会议费,
#: 培训费 (Jiangsu), 因公出国（境）费, 公务用车购置及运行（维护）费, 其中：公务用车购置费, 公务用车运行（维护）费, 公务接待费.
THREE_PUBLIC_LINE_ROLES: dict[str, re.Pattern[str]] = {
    "total": re.compile(r"^合计$|^“?三公”?经费合计"),
    "subtotal": re.compile(r"^“?三公”?经费小计$"),
    "meeting": re.compile(r"^会议费$"),
    "training": re.compile(r"^培训费$"),
    "abroad": re.compile(r"出国"),
    "car": re.compile(r"公务用车购置及运"),
    "car_purchase": re.compile(r"^(其中[:：])?(公务用车)?购置费"),
    "car_running": re.compile(r"^(其中[:：])?(公务用车)?运(行|维)(维护)?费"),
    "reception": re.compile(r"公务接待"),
}
