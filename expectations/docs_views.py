"""Data Docs page views that compile GX's Jinja templates once per process.

GX builds a new Jinja ``Environment`` for every view instance, so every page it renders
recompiles the same templates (most of a one-document Data Docs build).  These views are the
stock GX views sharing one environment per view class; the per-document site config in
:mod:`expectations.gx_context` names them.  Output is unchanged.
"""

from __future__ import annotations

from typing import Any, ClassVar

from great_expectations.render.view import DefaultJinjaIndexPageView, DefaultJinjaPageView


class _SharedEnvironment:
    _environments: ClassVar[dict[tuple, Any]] = {}

    def __init__(self, custom_styles_directory: str | None = None,
                 custom_views_directory: str | None = None) -> None:
        key = (type(self), custom_styles_directory, custom_views_directory)
        env = _SharedEnvironment._environments.get(key)
        if env is None:
            super().__init__(custom_styles_directory, custom_views_directory)  # type: ignore[call-arg]
            _SharedEnvironment._environments[key] = self.env
        else:  # equivalent to the instance that built it: same class, same directories
            self.custom_styles_directory = custom_styles_directory
            self.custom_views_directory = custom_views_directory
            self.env = env


class CachedJinjaPageView(_SharedEnvironment, DefaultJinjaPageView):
    """Suite and validation pages."""


class CachedJinjaIndexPageView(_SharedEnvironment, DefaultJinjaIndexPageView):
    """The site's index page."""
