"""Observed code lists used by code.reference_name; a package so that installs ship them."""
