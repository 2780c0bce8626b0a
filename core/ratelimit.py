"""Counting failed attempts in the shared cache (every process sees the same counts)."""

from django.core.cache import cache


def too_many(key: str, *, limit: int) -> bool:
    return (cache.get(f"rl:{key}") or 0) >= limit


def record_failure(key: str, *, window_seconds: int) -> None:
    full = f"rl:{key}"
    if cache.add(full, 1, timeout=window_seconds):
        return
    try:
        cache.incr(full)
    except ValueError:  # expired between add and incr
        cache.add(full, 1, timeout=window_seconds)
