"""The steps of the background worker (`manage.py run_worker`), registered by the apps
that own them.

Each app adds its steps in its `AppConfig.ready()`, so the worker lives in `core` and
imports no app above it (docs/architecture.md). Steps run in the order they were
registered, that is in the order of `INSTALLED_APPS`.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[], object]
    every_round: bool  # else only on check rounds (--checks-every)
    said: Callable[[object], str | None]  # what to print of its result, or None


_steps: dict[str, Step] = {}


def worker_step_register(step: Step) -> None:
    """Add a step; registering the same name again replaces it (ready() may run twice)."""
    _steps[step.name] = step


def worker_steps() -> list[Step]:
    return list(_steps.values())


def counted(what: str) -> Callable[[object], str | None]:
    """A step's report: 'what: n' when it did something."""
    return lambda result: f"{what}: {result}" if result else None
