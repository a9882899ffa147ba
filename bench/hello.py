"""The load baseline: a Flask "Hello, World!" under the same gunicorn settings as the apps."""

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def hello():
        return "Hello, World!"

    return app
