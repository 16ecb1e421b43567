"""File names that are not UTF-8 (issue 17, item 5).

A zip made on Chinese Windows stores its names in GBK; unpacked on Linux without ``-O GBK`` they
stay GBK bytes, which Python hands over as text with "surrogate" characters standing for the bytes
it could not decode.  Such text cannot be written as UTF-8 (a report's ``source``, a ledger row, a
JSON file, an S3 key): every one of those writes raised, so one such file stopped ``serve`` at
start or made it loop on tracebacks, and ``validate --json`` wrote nothing.  These helpers tell
such a name, show it (its bytes escaped, never a crash) and read it as GBK for the person who must
rename it.
"""

from __future__ import annotations


def is_utf8(name: str) -> bool:
    """Whether ``name`` can be written as UTF-8 (it holds no undecodable bytes)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def printable(name: str) -> str:
    """``name`` with its undecodable bytes written as ``\\xc7``: safe in JSON, logs and keys."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def gbk_reading(name: str) -> str | None:
    """What ``name`` says when its bytes are read as GBK (GB18030), or None when they are not GBK."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("gb18030")
    except UnicodeDecodeError:
        return None


def not_utf8_sentence(name: str) -> str:
    """The Chinese sentence for an operator or submitter: what is wrong with the name, what to do."""
    base = name.rsplit("/", 1)[-1]
    reading = gbk_reading(base)
    guess = f"按 GBK 读作“{reading}”，" if reading else ""
    return (f"文件名“{printable(base)}”不是 UTF-8 编码（{guess}多见于在中文 Windows 上压缩、解压时未指定编码的 zip 文件），"
            "请改用 UTF-8 文件名（例如解压时用 unzip -O GBK，或用 convmv -f gbk -t utf8 改名）后重新上传。")
