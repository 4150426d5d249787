"""gunicorn's settings for Tandem's app processes.

``tandem serve`` starts gunicorn with them; a deployment that runs gunicorn itself passes
them the same way::

    gunicorn -c python:tandem.gunicorn_config tandem.wsgi:application --workers 4

**The app is loaded once, before the workers are forked** (``preload_app``): the master
process imports Tandem and warms it up (``tandem/wsgi.py``: every URL resolved, the
matching scorer and scikit-learn imported, every template compiled, then all of it frozen
out of the garbage collector), and each worker starts as a copy of it. Without it every
worker did that work itself. Measured by ``bench/boot.py`` on a 2-CPU machine
(bench/README.md, "Loading the app once"): with two workers, about 10 s of CPU per
worker became 10.6 s once for the master and under 1 s per worker, and the processes'
memory (PSS) went from 501 to 346 MB, as the workers share the loaded pages instead of
each holding its own; with four, the first answer came after 12.7 s instead of 24.2 s
and the memory went from 906 to 411 MB.

The master opens no database connection and no cache client while loading (``tandem.wsgi``
closes any it opened before the fork), so no worker shares one with another.

The one thing this changes for operators: gunicorn's ``SIGHUP`` restarts the workers from
the master's copy of the code, so after an upgrade restart the whole process instead
(docs/deploy.md, "Upgrading and migrating").
"""

preload_app = True
