"""Limits on failed guesses (a PIN, a secret), counted by django-ratelimit in the shared cache."""

import threading
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django_ratelimit.core import get_usage


class LockingDatabaseCache(DatabaseCache):
    """Django's database cache whose increment holds the entry's row lock.

    The stock increment reads and then writes, so requests arriving together count once:
    8 processes adding 50 each on PostgreSQL counted 95 of 400. Here the row is locked
    (SELECT ... FOR UPDATE where the database has it; a process lock covers SQLite's
    threads) until the new count is written: 400 of 400.
    """

    _lock = threading.Lock()

    def incr(self, key, delta=1, version=None):
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        column = connection.ops.quote_name("cache_key")
        for_update = " FOR UPDATE" if connection.features.has_select_for_update else ""
        made_key = self.make_and_validate_key(key, version=version)
        with self._lock, transaction.atomic(using=db):
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {column} FROM {table} WHERE {column} = %s{for_update}",  # noqa: S608 - quoted names
                    [made_key],
                )
            return super().incr(key, delta, version)


@dataclass(frozen=True)
class Limit:
    """At most `rate` failures (django-ratelimit's "count/period", e.g. "5/15m") counted
    under `key` in `group`; the key already holds what it counts by (an address, a number)."""

    group: str
    key: str
    rate: str


def _usage(request, limit: Limit, *, increment: bool) -> dict | None:
    return get_usage(
        request,
        group=limit.group,
        key=lambda _group, _request: limit.key,
        rate=limit.rate,
        increment=increment,
    )


def limits_reached(request, limits: list[Limit]) -> bool:
    """True when any limit has had its count of failures in its current window.

    Only failures are counted, so people who type the right answer never use up a limit
    that they share with others (an office or a kiosk behind one address). When the cache
    cannot answer, django-ratelimit says "limited": a guess is refused rather than let by.
    """
    for limit in limits:
        usage = _usage(request, limit, increment=False)
        if usage is not None and usage["count"] >= usage["limit"]:
            return True
    return False


def failure_record(request, limits: list[Limit]) -> None:
    """Count one failure under every limit."""
    for limit in limits:
        _usage(request, limit, increment=True)


def guess_limits(kind: str, *, number: str, address: str) -> list[Limit]:
    """Limits on wrong guesses at a registration number's PIN or a complaint's secret.

    One address may guess 5 times at one number and 30 times in all in 15 minutes; all
    addresses together 50 times an hour at one number (a botnet's bound: a 6-digit PIN would
    take years). The number alone is not limited at 5, as it was: numbers are sequential, so
    five wrong guesses from anyone locked a stranger out of their own case.
    """
    return [
        Limit(group=f"{kind}-number-address", key=f"{number}|{address}", rate="5/15m"),
        Limit(group=f"{kind}-address", key=address, rate="30/15m"),
        Limit(group=f"{kind}-number", key=number, rate="50/h"),
    ]


# The hand-made counter of before, kept only while portal.payments (the refused payment
# callbacks) still calls it; new code uses the limits above.


def too_many(key: str, *, limit: int) -> bool:
    entry = cache.get(f"rl:{key}")
    return entry is not None and entry[0] >= limit and entry[1] > time.time()


def record_failure(key: str, *, window_seconds: int) -> None:
    """Count a failure; the window runs from the first failure, not the latest."""
    full = f"rl:{key}"
    now = time.time()
    count, until = cache.get(full) or (0, now + window_seconds)
    if until <= now:
        count, until = 0, now + window_seconds
    cache.set(full, (count + 1, until), timeout=max(1, int(until - now)))
