"""Settings helpers refuse values they would have to guess about."""

import pytest

from satupintu.env import EnvError, env_bool, env_choice, env_database, env_int, secret_key


def test_env_bool_reads_true_and_false(monkeypatch):
    monkeypatch.setenv("FLAG", "True")
    assert env_bool("FLAG", default=False) is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", default=True) is False


def test_env_bool_rejects_anything_else(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    with pytest.raises(EnvError, match="FLAG must be True or False, not 'yes'"):
        env_bool("FLAG", default=False)


def test_env_int_rejects_words_and_small_numbers(monkeypatch):
    monkeypatch.setenv("SECONDS", "ten")
    with pytest.raises(EnvError, match="whole number"):
        env_int("SECONDS", default=1)
    monkeypatch.setenv("SECONDS", "5")
    with pytest.raises(EnvError, match="at least 300"):
        env_int("SECONDS", default=1, minimum=300)


def test_env_choice_rejects_unknown_value(monkeypatch):
    monkeypatch.setenv("MODE", "staging")
    with pytest.raises(EnvError, match="one of demo, production"):
        env_choice("MODE", choices=("demo", "production"), default="demo")


def test_env_database_defaults_to_sqlite_and_parses_postgres(monkeypatch, tmp_path):
    monkeypatch.delenv("DB_URL", raising=False)
    config = env_database("DB_URL", default_sqlite=tmp_path / "x.sqlite3")
    assert (config["ENGINE"], config["NAME"], config["TEST"]["NAME"]) == (
        "django.db.backends.sqlite3",
        str(tmp_path / "x.sqlite3"),
        str(tmp_path / "test-x.sqlite3"),
    )
    monkeypatch.setenv("DB_URL", "postgres://satu:pintu@db.example:5432/satupintu")
    config = env_database("DB_URL", default_sqlite=tmp_path / "x.sqlite3")
    assert (config["ENGINE"], config["HOST"], config["NAME"], config["USER"]) == (
        "django.db.backends.postgresql",
        "db.example",
        "satupintu",
        "satu",
    )


def test_env_database_rejects_unknown_scheme(monkeypatch, tmp_path):
    monkeypatch.setenv("DB_URL", "oracle-ish://nowhere")
    with pytest.raises(EnvError, match="DB_URL"):
        env_database("DB_URL", default_sqlite=tmp_path / "x.sqlite3")


def test_secret_key_is_required_in_production(monkeypatch, tmp_path):
    monkeypatch.delenv("KEY", raising=False)
    with pytest.raises(EnvError, match="must be set in production"):
        secret_key("KEY", fallback_file=tmp_path / "k", required=True)


def test_secret_key_for_the_demo_is_made_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("KEY", raising=False)
    first = secret_key("KEY", fallback_file=tmp_path / "k", required=False)
    second = secret_key("KEY", fallback_file=tmp_path / "k", required=False)
    assert first == second
    assert len(first) >= 50


def test_secret_key_rejects_a_short_value(monkeypatch, tmp_path):
    monkeypatch.setenv("KEY", "short")
    with pytest.raises(EnvError, match="at least 50"):
        secret_key("KEY", fallback_file=tmp_path / "k", required=True)
