"""Which tables each year requires (``required_tables.csv``, read by ``derive/completeness.py``); a
package so that installs ship the CSV."""
