"""Observed subject names by code and year (read through :mod:`disclosure.reference_names`); a
package so that installs ship the CSV."""
