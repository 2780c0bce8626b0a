"""Small strict readers for settings that come from the environment."""

import os
from pathlib import Path

import dj_database_url


class EnvError(ValueError):
    """An environment variable holds a value we refuse to guess about."""


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value


def env_bool(name: str, *, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value in ("True", "true", "1"):
        return True
    if value in ("False", "false", "0"):
        return False
    raise EnvError(f"{name} must be True or False, not {value!r}")


def env_int(name: str, *, default: int, minimum: int | None = None) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise EnvError(f"{name} must be a whole number, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise EnvError(f"{name} must be at least {minimum}, not {number}")
    return number


def env_list(name: str, *, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, *, choices: tuple[str, ...], default: str) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise EnvError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def env_database(name: str, *, default_sqlite: Path) -> dict:
    url = env_str(name)
    if url is None:
        default_sqlite.parent.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite),
            # The demo's server and worker write at the same time: take the write lock at
            # the start of each transaction and wait for it, with the log in WAL mode.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # Tests use a file too, so the live server's threads each get a real connection.
            "TEST": {"NAME": str(default_sqlite.with_name("test-" + default_sqlite.name))},
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise EnvError(f"{name} is not a database URL we understand: {error}") from None
    if not config.get("ENGINE"):
        raise EnvError(f"{name} names an unknown database scheme")
    return config


def secret_key(name: str, *, fallback_file: Path, required: bool) -> str:
    """The secret key from the environment, or one kept in a local file for the demo."""
    value = env_str(name)
    if value:
        if len(value) < 50:
            raise EnvError(f"{name} must be at least 50 characters long")
        return value
    if required:
        raise EnvError(f"{name} must be set in production")
    if fallback_file.exists():
        return fallback_file.read_text().strip()
    import secrets

    fallback_file.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(50)
    fallback_file.write_text(value)
    fallback_file.chmod(0o600)
    return value
