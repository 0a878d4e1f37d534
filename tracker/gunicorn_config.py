"""gunicorn settings for running the app for an organisation (PostgreSQL, Redis, several processes).

    gunicorn -c python:tracker.gunicorn_config "tracker:create_app()"

Each worker process makes its own app and database connections (no preloading: connections must not
be shared across a fork). Imports run on RQ workers (``tracker worker``), so requests stay short.
"""

import multiprocessing
import os

bind = os.environ.get("TRACKER_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("TRACKER_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("TRACKER_THREADS", 2))
timeout = 120  # the longest page (a year's meetings CSV for a large organisation) takes seconds, not minutes
graceful_timeout = 30
preload_app = False
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("TRACKER_FORWARDED_ALLOW_IPS", "127.0.0.1")
