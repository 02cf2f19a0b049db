"""The REST API and the dashboard (``wirewatch serve``)."""

from wirewatch.serve.app import ServeConfig, create_app

__all__ = ["ServeConfig", "create_app"]
