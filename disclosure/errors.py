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
