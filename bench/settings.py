"""The project's settings for the benchmarks: only the URL map differs (bench/urls.py)."""

from satupintu.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
