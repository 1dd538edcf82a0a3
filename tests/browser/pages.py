"""What every browser test checks on every page it visits, and how it fills forms.

On each page: axe-core finds no serious or critical violation, nothing scrolls sideways at
390 px, the console shows no error (console "error" messages and uncaught exceptions), and
screenshots at 1280 and 390 px go to artifacts/screenshots/.
"""

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

WIDTHS = (1280, 390)
NARROW = 390
HEIGHT = 900
AXE = Axe()


class Visitor:
    """A person using the web app in the browser, who looks at each page they reach."""

    def __init__(
        self, page: Page, base_url: str, screenshots: Path, prefix: str = "", scripts: bool = True
    ):
        self.page = page
        self.prefix = f"{prefix}-" if prefix else ""
        # Without JavaScript, Chromium runs no script from Playwright either (evaluate never
        # returns), so such a visitor only takes the screenshots; the walk checks the pages.
        self.scripts = scripts
        self.base_url = base_url
        self.screenshots = screenshots
        self.errors: list[str] = []
        self.checked: list[str] = []
        page.set_default_timeout(10_000)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

    def go(self, path: str, name: str) -> Page:
        self.page.goto(self.base_url + path)
        self.check(name)
        return self.page

    def check(self, name: str) -> None:
        """The checks of every page, at both widths; ``name`` names the screenshots."""
        page = self.page
        page.wait_for_load_state("networkidle")
        number = len(self.checked) + 1
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            page.wait_for_timeout(50)
            if not self.scripts:
                page.screenshot(
                    path=self.screenshots / f"{self.prefix}{number:02d}-{name}-{width}.png"
                )
                continue
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
            serious = [
                v
                for v in AXE.run(page).response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            assert serious == [], f"{name} at {width}px: " + "; ".join(
                f"{v['id']}: {v['help']} ({[n['target'] for n in v['nodes']]})" for v in serious
            )
            page.screenshot(
                path=self.screenshots / f"{self.prefix}{number:02d}-{name}-{width}.png",
                full_page=True,
            )
        assert self.errors == [], f"console errors on {name}: {self.errors}"
        self.checked.append(name)
        page.set_viewport_size({"width": NARROW, "height": HEIGHT})

    # --- acting ---------------------------------------------------------------------------

    def submit(self, button: str, name: str | None = None) -> Page:
        """Press the button called ``button``, wait for the next page, and check it."""
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=button, exact=True).click()
        if name:
            self.check(name)
        return self.page

    def follow(self, link: str, name: str | None = None, *, nth: int = 0) -> Page:
        """Follow the link called ``link`` (the ``nth`` one) and check the page reached."""
        with self.page.expect_navigation():
            self.page.get_by_role("link", name=link).nth(nth).click()
        if name:
            self.check(name)
        return self.page

    def fill(self, values: dict[str, str]) -> None:
        """Type into fields found by their label."""
        for label, value in values.items():
            self.page.get_by_label(label, exact=True).fill(value)
