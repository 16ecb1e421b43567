"""GX Data Docs for one validation, made fit to publish beside our pages.

What GX 1.24.1 writes and why each step here:

* Its pages load jQuery, popper, Bootstrap, bootstrap-table, bootstrap-datepicker, Font Awesome
  and vega from CDNs, and its logo from an S3 bucket of its own.  GX ships none of these (its
  ``render/view/static`` holds only fonts, images and two stylesheets the pages do not link).
  We point jQuery, popper and Bootstrap (CSS and JS) at local copies when the machine has them
  (Debian ``libjs-jquery``, ``libjs-popper.js``, ``libjs-bootstrap4``), shared once under
  ``gx/_vendor/``; every other CDN tag is removed, so an offline reviewer's browser does not wait
  on hosts it cannot reach.  What stays degraded offline: bootstrap-table's sorting/filtering,
  the date picker, Font Awesome (its status icons are redrawn as characters by ``gx-offline.css``)
  and vega charts (validation pages draw none for our rules).
* GX does not escape the values it lists: an unexpected value ``<img src=x onerror=…>`` taken
  from an uploaded row name lands in the page as markup (seen with GX 1.24.1).  Every page gets a
  Content-Security-Policy that allows scripts only from our own files, so such markup cannot run;
  GX's own inline scripts (the walkthrough modal, "hide succeeded") are blocked with it.
* Its 4 MB ``static/`` folder (fonts) is not copied per validation: the favicon and logo are shared
  under ``gx/_static/``.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

from connectors.publish.site import layout
from connectors.publish.site.targets import SiteTarget

#: CSP for GX pages: GX styles inline, so inline style stays; scripts only from our own files.
GX_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
          "font-src 'self'; connect-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; "
          "form-action 'none'")


@dataclass(frozen=True)
class Vendored:
    """A CDN asset GX links, and where a local copy of it may be found on this machine."""

    name: str  # file name under gx/_vendor/
    pattern: re.Pattern[str]  # matches the CDN URL GX writes
    candidates: tuple[str, ...]  # local files, first found wins


VENDORED: tuple[Vendored, ...] = (
    Vendored("jquery.min.js", re.compile(r"/jquery-[0-9.]+(\.min)?\.js$"),
             ("/usr/share/javascript/jquery/jquery.min.js",)),
    Vendored("popper.min.js", re.compile(r"popper\.js/.*/umd/popper(\.min)?\.js$"),
             ("/usr/share/nodejs/popper.js/dist/umd/popper.min.js",
              "/usr/share/javascript/popper.js/umd/popper.min.js")),
    Vendored("bootstrap.min.js", re.compile(r"bootstrap/4[0-9.]*/js/bootstrap(\.min)?\.js$"),
             ("/usr/share/javascript/bootstrap4/js/bootstrap.min.js",
              "/usr/share/nodejs/bootstrap/dist/js/bootstrap.min.js")),
    Vendored("bootstrap.min.css", re.compile(r"bootstrap/4[0-9.]*/css/bootstrap(\.min)?\.css$"),
             ("/usr/share/javascript/bootstrap4/css/bootstrap.min.css",
              "/usr/share/nodejs/bootstrap/dist/css/bootstrap.min.css")),
)

#: Our stylesheet that replaces Font Awesome's status icons with characters (see static/).
GX_OFFLINE_CSS = "gx-offline.css"

#: GX's own images we share (the rest of its static folder is fonts the pages never load).
GX_STATIC_FILES = ("images/favicon.ico", "images/logo-long.png")

_SCRIPT = re.compile(r'<script\b[^>]*\bsrc="(https?://[^"]+)"[^>]*>\s*</script>', re.I)
_LINK = re.compile(r'<link\b[^>]*\bhref="(https?://[^"]+)"[^>]*>', re.I)
_STATIC_REF = re.compile(r'(["\'(])(?:\./|\.\./)*static/')
_GX_LOGO = re.compile(r"https://great-expectations-web-assets\.s3[^\"')]*\.png(\?[^\"')]*)?")
_HEAD = re.compile(r"<head\b[^>]*>", re.I)


def vendor_sources() -> dict[str, Path]:
    """Local copies found on this machine, by vendored file name."""
    found: dict[str, Path] = {}
    for v in VENDORED:
        for c in v.candidates:
            if Path(c).is_file():
                found[v.name] = Path(c)
                break
    return found


def gx_static_dir() -> Path | None:
    """GX's packaged static folder, found without importing GX (a 2.5 s import)."""
    spec = importlib.util.find_spec("great_expectations")
    if spec is None or not spec.submodule_search_locations:
        return None
    p = Path(next(iter(spec.submodule_search_locations))) / "render" / "view" / "static"
    return p if p.is_dir() else None


def shared_files() -> dict[str, bytes]:
    """Site-relative key → bytes of everything GX pages share (vendored libraries, logo, favicon)."""
    out: dict[str, bytes] = {}
    for name, path in sorted(vendor_sources().items()):
        out[f"{layout.GX_VENDOR}/{name}"] = path.read_bytes()
    out[f"{layout.GX_SHARED_STATIC}/{GX_OFFLINE_CSS}"] = (Path(__file__).parent / "static" / GX_OFFLINE_CSS).read_bytes()
    static = gx_static_dir()
    if static is not None:
        for rel in GX_STATIC_FILES:
            if (static / rel).is_file():
                out[f"{layout.GX_SHARED_STATIC}/{rel}"] = (static / rel).read_bytes()
    return out


def rewrite_page(html: str, up: str, available: set[str]) -> tuple[str, list[str]]:
    """One GX page made offline-friendly and script-safe.

    ``up`` is the relative path from the page to the site's ``gx/`` folder (``../../``).
    Returns the new HTML and the CDN URLs that were removed for want of a local copy.
    """
    removed: list[str] = []

    def swap(m: re.Match[str], tag: str) -> str:
        url = m.group(1)
        for v in VENDORED:
            if v.name in available and v.pattern.search(url):
                ref = f"{up}_vendor/{v.name}"
                return (f'<script src="{ref}"></script>' if tag == "script"
                        else f'<link rel="stylesheet" href="{ref}">')
        removed.append(url)
        return "<!-- budgetcheck: CDN asset removed (offline) -->"

    html = _SCRIPT.sub(lambda m: swap(m, "script"), html)
    html = _LINK.sub(lambda m: swap(m, "link"), html)
    html = _GX_LOGO.sub(f"{up}_static/images/logo-long.png", html)
    html = _STATIC_REF.sub(lambda m: f"{m.group(1)}{up}_static/", html)
    meta = (f'<meta http-equiv="Content-Security-Policy" content="{GX_CSP}">'
            f'<link rel="stylesheet" href="{up}_static/{GX_OFFLINE_CSS}">')
    m = _HEAD.search(html)
    html = html[:m.end()] + meta + html[m.end():] if m else meta + html
    return html, removed


@dataclass
class ImportedGX:
    main_page: str  # site-relative key of the first validation result page
    #: (suite name, site-relative key) of every validation result page.  Linked one by one from
    #: our page: GX's own index fills its table from an inline script (bootstrap-table), which
    #: the CSP blocks and which needs a CDN library anyway, so offline it shows an empty table.
    validations: list[tuple[str, str]]
    removed_cdn: list[str]


def _suite_of(rel: str) -> str:
    """``validations/budgetcheck/sum/__none__/<time>/<batch>.html`` → ``budgetcheck.sum``."""
    parts = rel.split("/")[1:-3]
    return ".".join(parts) or rel


def import_gx_site(target: SiteTarget, doc: str, src: Path) -> ImportedGX | None:
    """Copy one validation's GX Data Docs from ``src`` to ``gx/<doc>/`` of the site.

    The per-document GX site holds this one validation only, so its index stays one line long
    however many disclosures are published (GX's shared index would re-list all of them).
    """
    src = Path(src)
    if not (src / "index.html").is_file():
        return None
    prefix = layout.gx_prefix(doc)
    target.delete_prefix(prefix)  # a replaced upload's old GX run must not linger
    available = set(vendor_sources())
    removed: set[str] = set()
    pages: list[str] = []
    for path in sorted(src.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(src).as_posix()
        if rel.startswith("static/"):
            continue
        data = path.read_bytes()
        if rel.endswith(".html"):
            up = "../" * (rel.count("/") + 1)
            text, gone = rewrite_page(data.decode("utf-8"), up, available)
            removed.update(gone)
            data = text.encode("utf-8")
            pages.append(rel)
        target.write(prefix + rel, data)
    validations = [(_suite_of(p), prefix + p) for p in pages if p.startswith("validations/")]
    if not validations:  # GX rendered no result page (it can fail on a result): show the suites at least
        validations = [(p.removeprefix("expectations/").removesuffix(".html").replace("/", "."), prefix + p)
                       for p in pages if p.startswith("expectations/")]
    main = validations[0][1] if validations else prefix + "index.html"
    return ImportedGX(main_page=main, validations=validations, removed_cdn=sorted(removed))
