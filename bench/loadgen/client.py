"""One keep-alive HTTP connection speaking JSON to the API, and what it answered."""

import http.client
import json
import time
import urllib.parse
from dataclasses import dataclass, field

from bench.serving import LOCALHOST


@dataclass
class Response:
    status: int  # 0 when no HTTP answer came back
    data: object
    seconds: float
    headers: dict[str, str] = field(default_factory=dict)


class ApiClient:
    """One keep-alive HTTP connection speaking JSON to the API, as one user."""

    def __init__(self, url: str, token: str | None = None, timeout: float = 60):
        parts = urllib.parse.urlsplit(url)
        if parts.hostname not in {LOCALHOST, "localhost"}:
            raise ValueError("The load test only runs against a server on this machine.")
        self.host, self.port, self.timeout = parts.hostname, parts.port or 80, timeout
        self.headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if token:
            self.headers["Authorization"] = f"Token {token}"
        self.connection = None

    def call(self, method: str, path: str, body: object = None) -> Response:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, self.timeout)
        payload = None if body is None else json.dumps(body)
        started = time.perf_counter()
        try:
            self.connection.request(method, path, payload, self.headers)
            answer = self.connection.getresponse()
            raw = answer.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        seconds = time.perf_counter() - started
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            data = raw.decode(errors="replace")
        return Response(answer.status, data, seconds, dict(answer.getheaders()))

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None
