"""WSGI entry point for production servers (gunicorn, uwsgi)."""

import os
import threading

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "satupintu.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    # A planner's analysis needs networkx, and numpy, scipy and sparse_dot_topn for its
    # similar names and links by meaning: about 1.5 s of CPU and 40 MiB to import. A
    # process set to serve planners pays it at start, in the background, not on the first
    # planner's request; the others never pay it (docs/benchmarks.md, ADR 0028).
    import networkx  # noqa: F401
    import sparse_dot_topn  # noqa: F401


if settings.SATUPINTU_WARM_PLANNING:
    threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()
