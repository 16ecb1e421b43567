"""Names: file names that are not UTF-8 (issue 17, item 5), and the names of objects derived
from an upload (its report, its read tables) that fit a file system (issue 17, items 2 and 12).

A zip made on Chinese Windows stores its names in GBK; unpacked on Linux without ``-O GBK`` they
stay GBK bytes, which Python hands over as text with "surrogate" characters standing for the bytes
it could not decode.  Such text cannot be written as UTF-8 (a report's ``source``, a ledger row, a
JSON file, an S3 key): every one of those writes raised, so one such file stopped ``serve`` at
start or made it loop on tracebacks, and ``validate --json`` wrote nothing.  These helpers tell
such a name, show it (its bytes escaped, never a crash) and read it as GBK for the person who must
rename it.
"""

from __future__ import annotations

import hashlib

#: Bytes a file name may have on the file systems a local store lives on (ext4, XFS, APFS).
NAME_MAX = 255
#: Hex digits of the upload key's hash in a shortened report name.
NAME_HASH_CHARS = 16
#: The longest extension kept in a shortened name (``.xlsx``); anything longer is part of the stem.
EXTENSION_MAX = 8


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


def derived_key(path: str, upload_key: str, suffix: str) -> str:
    """``path`` (an upload's key, or its part below ``incoming/``) + ``suffix`` as the key of an
    object derived from the upload (its report, its read tables), one per upload key, that fits a
    file system too.

    Two keys S3 keeps apart can name one file: ``incoming//x.txt`` and ``incoming/x.txt`` (an empty
    folder, also ``.`` and ``..`` folders, vanish in a path); a name may be longer than a file system
    allows.  Such a key keeps its readable folders and name, with a hash of the whole upload key
    before the extension: ``<start>~<16 hex>.<ext><suffix>`` (:func:`fitting_name`).  So each key
    has its own object, always the same one, and no two overwrite each other."""
    *folders, name = path.split("/")
    regular = [f for f in folders if f not in ("", ".", "..")]
    folder = "".join(f + "/" for f in regular)
    return folder + fitting_name(name, upload_key, suffix, hashed=len(regular) != len(folders) or not name)


def fitting_name(name: str, upload_key: str, suffix: str = ".json", hashed: bool = False) -> str:
    """``name + suffix``, or, when that is longer than ``NAME_MAX`` bytes (or ``hashed`` is asked
    for), the name's start, a hash of the upload key, and the extension: ``<start>~<hash>.pdf.json``."""
    full = name + suffix
    if len(full.encode("utf-8")) <= NAME_MAX and not hashed:
        return full
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > EXTENSION_MAX:
        stem, ext = name, ""
    digest = hashlib.sha1(upload_key.encode("utf-8", "surrogateescape")).hexdigest()[:NAME_HASH_CHARS]
    tail = f"~{digest}{'.' + ext if ext else ''}{suffix}"
    budget = NAME_MAX - len(tail.encode("utf-8"))
    start = stem.encode("utf-8")[:budget].decode("utf-8", "ignore")  # never half a character
    return start + tail
