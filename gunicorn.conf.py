"""gunicorn's configuration for splitwise, read from the directory gunicorn starts in.

Command-line options (workers, bind, timeouts) still come from whoever starts it: this file
only removes the ``Server: gunicorn`` banner, which tells a scanner what to try without
telling a client anything it needs. gunicorn has no setting for it, so its response class
is told to leave the header out.
"""

import gunicorn.http.wsgi

_default_headers = gunicorn.http.wsgi.Response.default_headers


def _without_server_banner(response):
    return [h for h in _default_headers(response) if not h.lower().startswith("server:")]


gunicorn.http.wsgi.Response.default_headers = _without_server_banner
