"""Bad uploads get exit 2 and one Chinese sentence a submitter can act on, never a traceback.

Every fixture is made by a real tool from real material: LibreOffice writes the letter and the
password-protected PDF (its PDF export's ``EncryptFile``/``DocumentOpenPassword``), poppler's
``pdftoppm`` renders real disclosure pages to JPEG and PDFium (pypdfium2) puts them into a PDF
behind two real text pages (a scan), and the truncated PDF is a real disclosure cut in half.
The CLI runs as a subprocess, as a submitter's upload would be processed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import documents, factory

ROOT = Path(__file__).resolve().parents[1]


REAL = documents.real("shanghai-putuo_sifaju_2026_yusuan-unit.pdf")
#: The fixtures are made by LibreOffice and poppler, the CLI runs as a process: the slow tier.
bad_fixtures = pytest.mark.slow


def _convert(src: Path, out_dir: Path, export: str = "pdf") -> Path:
    """A CSV printed to PDF by LibreOffice Calc (cached by content: tests.factory.convert)."""
    return factory.convert([src], out_dir, export, "pdf", extra=("--infilter=Text - txt - csv (StarCalc):44,34,76",),
                           timeout=180)[src]


def _scanned_pdf(real: Path, work: Path) -> Path:
    """Two real text pages, then real pages rendered to images (what a scanner gives)."""
    import pypdfium2 as pdfium

    subprocess.run(["pdftoppm", "-jpeg", "-r", "50", "-f", "3", "-l", "5", str(real), str(work / "scan")],
                   check=True, capture_output=True, timeout=60)
    src = pdfium.PdfDocument(str(real))
    out = pdfium.PdfDocument.new()
    out.import_pages(src, [0, 1])
    width, height = src[2].get_size()
    for jpg in sorted(work.glob("scan-*.jpg")):
        page = out.new_page(width, height)
        image = pdfium.PdfImage.new(out)
        image.load_jpeg(str(jpg), inline=False)
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        page.insert_obj(image)
        page.gen_content()
    path = work / "scanned.pdf"
    out.save(str(path))
    return path


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("bad")
    files: dict[str, Path] = {}
    files["empty"] = work / "empty.pdf"
    files["empty"].write_bytes(b"")
    files["truncated"] = work / "truncated.pdf"
    data = REAL.read_bytes()
    files["truncated"].write_bytes(data[: len(data) // 2])
    files["png_named_pdf"] = work / "photo.pdf"
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", "-singlefile", str(REAL),
                        str(work / "page")], check=True, capture_output=True, timeout=60)
        files["png_named_pdf"].write_bytes((work / "page.png").read_bytes())
        files["scanned"] = _scanned_pdf(REAL, work)
    files["pdf_named_xlsx"] = work / "budget.xlsx"
    files["pdf_named_xlsx"].write_bytes(data)
    if factory.soffice():
        letter = work / "letter.csv"
        letter.write_text("致各位同事的一封信\n感谢大家一年来的辛勤工作，祝新年快乐。\n", encoding="utf-8")
        files["letter"] = _convert(letter, work / "plain")
        secret = work / "secret.csv"
        secret.write_text("部门预算收支总表\n收入总计,100\n", encoding="utf-8")
        files["encrypted"] = _convert(
            secret, work / "enc",
            'pdf:calc_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
            '"DocumentOpenPassword":{"type":"string","value":"secret"}}')
    return files


def _extract(path: Path) -> tuple[int, dict, str]:
    proc = subprocess.run([sys.executable, "-m", "flows.cli", "extract", str(path)], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    return proc.returncode, json.loads(proc.stdout), proc.stderr


CASES = {
    "empty": "空的",
    "truncated": "损坏或不完整",
    "png_named_pdf": "PNG 图片",
    "scanned": "第3页起无文字层，可能是扫描件，请上传可复制文字的PDF",
    "letter": "没有找到部门预算/决算公开表格",
    "encrypted": "密码",
}


@pytest.mark.parametrize("case", list(CASES))
@bad_fixtures
def test_bad_input_exits_2_with_a_sentence(case: str, bad_files: dict[str, Path]) -> None:
    if case not in bad_files:
        pytest.skip(f"tool to make the {case} fixture is missing")
    code, out, err = _extract(bad_files[case])
    assert code == 2, out
    assert CASES[case] in out["error"], out["error"]
    assert out["error"].endswith("。")
    assert "Traceback" not in err and "Error" not in err, err


@bad_fixtures
def test_a_pdf_named_xlsx_is_read_as_the_pdf_it_is(bad_files: dict[str, Path]) -> None:
    """The name lies, the content does not: the format is sniffed from the bytes."""
    code, out, err = _extract(bad_files["pdf_named_xlsx"])
    assert code == 0, out
    assert out["format"] == "pdf" and len(out["tables"]) >= 9
    assert out["department"]["name"] == "上海市普陀区司法局"


@bad_fixtures
def test_letter_and_encrypted_fixtures_are_what_they_claim(bad_files: dict[str, Path]) -> None:
    """Guard the fixtures themselves: the letter has a text layer, the encrypted PDF needs a password."""
    if "letter" not in bad_files or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice or poppler missing")
    text = subprocess.run(["pdftotext", str(bad_files["letter"]), "-"], capture_output=True, text=True).stdout
    assert "一封信" in text
    enc = subprocess.run(["pdftotext", str(bad_files["encrypted"]), "-"], capture_output=True, text=True)
    assert enc.returncode != 0 and "password" in enc.stderr.lower()


@bad_fixtures
def test_a_scanned_page_inside_a_text_pdf_is_named(bad_files: dict[str, Path], tmp_path: Path) -> None:
    """A text disclosure with one scanned page reads, and the warning names the page without text."""
    if "scanned" not in bad_files:
        pytest.skip("poppler missing")
    import pypdfium2 as pdfium

    from connectors.readers import read_document

    src = pdfium.PdfDocument(str(REAL))
    scan = pdfium.PdfDocument(str(bad_files["scanned"]))
    out = pdfium.PdfDocument.new()
    out.import_pages(src)
    out.import_pages(scan, [2])
    path = tmp_path / "one-scanned-page.pdf"
    out.save(str(path))
    doc = read_document(path.read_bytes(), str(path))
    assert len(doc.tables) >= 9
    assert any(f"第{len(src) + 1}页没有文字层" in w for w in doc.warnings), doc.warnings


def test_storage_and_folder_problems_are_sentences_not_tracebacks(tmp_path, monkeypatch, capsys):
    """A bucket the credentials cannot reach, a folder given as SOURCE, an output that cannot be
    written: exit 2 with a Chinese sentence, never a traceback (validate's exit 1 means 'failed')."""
    import json as _json

    from flows.cli import main

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    assert main(["validate", "s3://no-such-bucket/incoming/a.pdf", "--endpoint-url", "http://127.0.0.1:9"]) == 2
    report = _json.loads(capsys.readouterr().out)
    assert report["status"] == "unreadable" and "存储" in report["error"]
    assert main(["extract", str(tmp_path)]) == 2
    assert "文件夹" in _json.loads(capsys.readouterr().out)["error"]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    sample = documents.SAMPLE
    assert main(["extract", str(sample), "--json", str(blocker / "out.json")]) == 2
    assert "无法写出结果" in _json.loads(capsys.readouterr().err)["error"]
