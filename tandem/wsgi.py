import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
application = get_wsgi_application()

# Load the lazily imported modules and compile the templates before the first request
# (each gunicorn worker loads this module before it accepts connections).
from tandem.core.warmup import warm_up  # noqa: E402

warm_up()
# What is loaded now lives as long as the process: keep it out of the garbage collector's
# full passes, which otherwise walk it every 20 or so requests and took about 0.3 s each
# (30 ms after freezing; measured on the load dataset, see bench/README.md).
gc.freeze()
# And collect the young generation after 50,000 allocations instead of 700: a page makes
# and drops tens of thousands of objects (model instances, querysets, template nodes), and
# the default walked them several times per request.
gc.set_threshold(50_000, 20, 100)
