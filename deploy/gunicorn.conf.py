"""gunicorn settings for both apps: `gunicorn -c deploy/gunicorn.conf.py 'portal:create_app()'`."""

import gc
import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("THREADS", 4))
timeout = 60
graceful_timeout = 20
keepalive = 5
# nginx terminates TLS and buffers uploads; trust its X-Forwarded-* headers only from loopback.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"


def post_worker_init(worker):
    """The app is loaded: its long-lived objects (modules, mappers, templates) leave the garbage
    collector's generations, so a collection walks only what requests made. About a tenth less
    CPU per login (bench/README.md)."""
    gc.freeze()
