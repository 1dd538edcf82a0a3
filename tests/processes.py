"""Running manage.py or Python code in a fresh interpreter, as an operator or a server would.

Settings are read from the environment at import, so a subprocess is the faithful way to test
what a given environment does. This module is the one place tests start one.
"""

import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def environment(
    overrides: Mapping[str, str] = {},
    *,
    without: Iterable[str] = (),
    without_prefix: str | None = None,
) -> dict[str, str]:
    """This process's environment, less ``without`` (and names starting ``without_prefix``),
    plus ``overrides``; the project is importable and the settings are splitwise's."""
    dropped = set(without)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in dropped and not (without_prefix and key.startswith(without_prefix))
    }
    env.setdefault("DJANGO_SETTINGS_MODULE", "splitwise.settings")
    env["PYTHONPATH"] = str(ROOT)
    env.update(overrides)
    return env


def manage(*args: str, env: Mapping[str, str], stdin: str = "", timeout: float = 120):
    """Run ``python manage.py ARGS`` in the project directory with exactly ``env``."""
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=dict(env),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def python(code: str, *, env: Mapping[str, str], **popen) -> subprocess.Popen:
    """Start ``code`` in a Python subprocess with Django set up, with exactly ``env``."""
    setup = "import django; django.setup()\n"
    return subprocess.Popen(
        [sys.executable, "-c", setup + code], cwd=ROOT, env=dict(env), text=True, **popen
    )
