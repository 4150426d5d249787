import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
application = get_wsgi_application()

# Load the lazily imported modules and compile the templates before the first request:
# under gunicorn with tandem/gunicorn_config.py, once, in the master process, which then
# forks its workers (without it, in each worker before it accepts connections).
from tandem.core.warmup import warm_up  # noqa: E402

warm_up()
# gunicorn forks its workers from this process (tandem/gunicorn_config.py: preload_app):
# none may inherit an open database connection or cache client to share with the others.
from django.core.cache import caches  # noqa: E402
from django.db import connections  # noqa: E402

connections.close_all()
caches.close_all()
# What is loaded now lives as long as the process: keep it out of the garbage collector's
# full passes, which otherwise walk it every 20 or so requests and took about 0.3 s each
# (30 ms after freezing; measured on the load dataset, see bench/README.md).
gc.freeze()
# And collect the young generation after 50,000 allocations instead of 700: a page makes
# and drops tens of thousands of objects (model instances, querysets, template nodes), and
# the default walked them several times per request.
gc.set_threshold(50_000, 20, 100)
