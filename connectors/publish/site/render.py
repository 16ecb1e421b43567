"""The one Jinja2 environment: autoescape on for every template, undefined names are errors.

Autoescape is what makes upload text (department names, row names, messages) inert in HTML;
templates never use ``|safe``.  A strict Content-Security-Policy is a second wall: our pages run
no inline script at all, so even a missed escape could not execute.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES = Path(__file__).parent / "templates"

#: Our pages load only our own files: no inline script, no event handlers, no other hosts.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; frame-src 'none'; base-uri 'none'; "
       "form-action 'none'")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(csp=CSP, **context)
