"""The 503 answers: JSON under /api/, a short page everywhere else."""

from django.http import HttpResponse, JsonResponse
from django.utils.html import escape

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>splitwise: back soon</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 36em; margin: 4em auto">
<h1>Back in a moment</h1>
<p>{message}</p>
<p>Nothing you sent was saved. Please try again in {seconds} seconds.</p>
</body>
</html>
"""

MAINTENANCE = "splitwise is in maintenance: the database is being changed. Try again shortly."
BUSY = "The database was busy or changing while answering; nothing was saved. Try again."


def unavailable(request, message: str, retry_after: int) -> HttpResponse:
    """503 with ``Retry-After``, in the form the caller reads."""
    headers = {"Retry-After": str(retry_after), "Cache-Control": "no-store"}
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=503, headers=headers)
    else:
        body = PAGE.format(message=escape(message), seconds=retry_after)
        response = HttpResponse(body, status=503, headers=headers)
    # Expected, and said once in the log by whoever decided it: not an error per request.
    response._has_been_logged = True
    return response
