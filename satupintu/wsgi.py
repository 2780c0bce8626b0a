"""WSGI entry point for production servers (gunicorn, uwsgi)."""

import os
import threading

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "satupintu.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    # The planners' "similar names" list needs sparse_dot_topn (with scipy), whose first
    # import takes about half a second; a server process pays it at start, in the
    # background, not on the first planner's request (docs/benchmarks.md, "Planning").
    import sparse_dot_topn  # noqa: F401


threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()
