"""Errors a submitter can act on.

Every reader failure ends as :class:`UnreadableDocument` carrying one Chinese sentence that
tells the submitter what is wrong and what to upload instead; the CLI turns it into exit 2
and ``{"error": ...}``, the service into a report with status ``unreadable``.
"""

from __future__ import annotations


class UnreadableDocument(Exception):
    """The upload cannot be read as a disclosure; ``message`` says why, in Chinese."""

    def __init__(self, message: str, *, reason: str = "unreadable") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason  # machine tag: empty, not_disclosure, scanned, encrypted, corrupt, wrong_type


def empty_file() -> UnreadableDocument:
    return UnreadableDocument("上传的文件是空的（0 字节），请重新上传完整的公开文件。", reason="empty")


def wrong_type(detected: str) -> UnreadableDocument:
    return UnreadableDocument(
        f"文件内容是{detected}，不是 PDF、Excel（XLSX/XLS）或文本文件，请上传部门预算/决算公开文件本身。",
        reason="wrong_type",
    )


def not_disclosure(detail: str = "") -> UnreadableDocument:
    extra = f"（{detail}）" if detail else ""
    return UnreadableDocument(
        "文件中没有找到部门预算/决算公开表格（如“收支总表”“支出总表”）"
        f"{extra}，请确认上传的是预算或决算公开文件。",
        reason="not_disclosure",
    )


def scanned(first_page: int) -> UnreadableDocument:
    return UnreadableDocument(
        f"第{first_page}页起无文字层，可能是扫描件，请上传可复制文字的PDF。", reason="scanned"
    )


def encrypted() -> UnreadableDocument:
    return UnreadableDocument("PDF 设有打开密码，无法读取，请上传未加密的 PDF。", reason="encrypted")


def corrupt(kind: str = "PDF") -> UnreadableDocument:
    return UnreadableDocument(
        f"{kind} 文件已损坏或不完整（可能上传中断），无法打开，请重新导出后上传。", reason="corrupt"
    )


def corrupt_page(page: int) -> UnreadableDocument:
    return UnreadableDocument(
        f"PDF 文件第 {page} 页已损坏，无法打开（文件结构不完整，可能上传中断或导出出错），请重新导出后上传。",
        reason="corrupt",
    )


def blank_file(size: int) -> UnreadableDocument:
    return UnreadableDocument(
        f"上传的文件只有空格、换行等空白字符（{size:,} 字节，没有任何文字），请重新上传完整的公开文件。", reason="empty"
    )


def over_limit(found: str, limit: str, setting: str, hint: str = "") -> UnreadableDocument:
    """A document over one of the reading limits (``connectors.readers.limits``): what was found,
    the limit and the setting that changes it."""
    tail = f"：{hint}" if hint else "，请精简或拆分后重新上传"
    return UnreadableDocument(f"{found}，超过上限 {limit}（设置项 {setting}），因此未读取{tail}。", reason="over_limit")


def too_slow(seconds: float, setting: str) -> UnreadableDocument:
    return UnreadableDocument(
        f"读取和审核本文件超过了 {seconds:g} 秒的时限（设置项 {setting}），已停止；文件可能过大或被恶意构造，"
        "请检查后重新导出上传。",
        reason="over_limit",
    )


def reader_died(how: str) -> UnreadableDocument:
    """The reading process itself died on this document (it was tried again alone, and died again)."""
    return UnreadableDocument(
        f"读取本文件时读取程序异常退出（{how}），单独重试仍然如此；文件可能已损坏或被恶意构造，请重新导出后上传。",
        reason="reader_died",
    )
