"""Gap-free numbers: taken inside the transaction that needs them, so a rollback returns them."""

import string

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.models import NumberSequence

ALLOWED_FIELDS = {"seq", "year", "region", "service"}


def next_value(*, scope: str, year: int) -> int:
    """The next number of a scope and year. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("numbers are taken inside the transaction that uses them")
    taken = _take(scope, year)
    if taken is None:
        try:
            with transaction.atomic():
                NumberSequence.objects.create(scope=scope, year=year)
        except IntegrityError:
            pass  # another transaction created it first; wait for its lock below
        taken = _take(scope, year)
    return taken


def _take(scope: str, year: int) -> int | None:
    """Increment and read in one statement; the row stays locked until the caller commits."""
    table = NumberSequence._meta.db_table
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_value = last_value + 1 "  # noqa: S608 - our table name
            "WHERE scope = %s AND year = %s RETURNING last_value",
            [scope, year],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def check_pattern(pattern: str) -> None:
    """A number pattern may use {seq}, {year}, {region} and {service}, and must use {seq}."""
    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name}
        pattern.format(seq=1, year=2026, region="35.73", service="x")
    except (ValueError, KeyError, IndexError):
        raise ValidationError(
            _("The number pattern cannot be read; write it like 503/{seq:05d}/{year}."),
            code="pattern",
        ) from None
    unknown = names - ALLOWED_FIELDS
    if unknown or "seq" not in names:
        raise ValidationError(
            _("A number pattern uses {seq} and may use {year}, {region} and {service}."),
            code="pattern",
        )


def format_number(pattern: str, **values) -> str:
    return pattern.format(**values)
