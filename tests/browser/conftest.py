"""Browser tests: pytest-playwright driving Debian's Chromium against a live server.

The browser is the system's Chromium, launched by its path (``CHROMIUM_PATH``, default
/usr/bin/chromium): no browser is ever downloaded. ``make test`` and ``.ci/run`` install
Debian's ``chromium`` package when it is missing.
"""

import os
from pathlib import Path

import pytest

from tests.browser.pages import Visitor

# Playwright's sync API runs an event loop in the main thread, which makes Django refuse ORM
# calls from the test body and the database setup; the live server's own thread is unaffected.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(item.fspath).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch the system's Chromium by its path (pytest-playwright has no option for it)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}: install Debian's package "
            "(apt-get install chromium; `make test` does it when run as root), set "
            'CHROMIUM_PATH, or leave these tests out with -m "not browser".',
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def visitor(page, live_server):
    """A person at the live server: visits pages and checks each one (see pages.Visitor)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return Visitor(page, live_server.url, SCREENSHOTS)
