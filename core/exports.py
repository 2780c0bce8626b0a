"""What every spreadsheet and CSV the system writes passes each cell through: safe_cell."""

import datetime
import re
from decimal import Decimal

# A spreadsheet runs a text cell that starts with one of these as a formula (=HYPERLINK(…),
# =cmd|…, @SUM(…)); tab, CR and LF can hide such a start (OWASP CSV injection, ASVS
# 1.2.10). Some spreadsheets' input turns the full-width forms into the plain ones.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Characters XML 1.0 cannot hold (NUL among them): openpyxl refuses them with an error, and
# a CSV gains nothing by them.
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
KEPT = (bool, int, float, Decimal, datetime.date, datetime.time, datetime.timedelta)


def safe_cell(value):
    """The value as a cell: numbers, dates and empty cells unchanged (they stay numbers and
    dates), anything else as text, prefixed with a single quote when a spreadsheet would
    read it as a formula, so that it shows as the text it is."""
    if value is None or isinstance(value, KEPT):
        return value
    text = NOT_IN_XML.sub("", str(value))
    # A formula needs two characters at least: "-", the placeholder of an empty figure,
    # stays as it is (openpyxl draws the same line).
    return f"'{text}" if len(text) > 1 and text.startswith(FORMULA_START) else text
