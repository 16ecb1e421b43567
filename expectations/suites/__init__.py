"""Saved GX suites (JSON), one per rule family; a package so that installs ship them."""
