"""Counting failed attempts in the shared cache (every process sees the same counts)."""

import time

from django.core.cache import cache


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
