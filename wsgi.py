"""WSGI entry point: `gunicorn wsgi:app`."""

from peertrain import create_app

app = create_app()
