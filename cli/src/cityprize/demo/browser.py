"""How the demo and the browser tests start Chromium: Debian's own build, never a browser
Playwright downloads (that download does not work everywhere; `make browser-deps` installs
Debian's `chromium` and Korean fonts where it is missing)."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def chromium_path() -> str:
    """The browser's path; a missing browser is an error that says how to get one."""
    if not CHROMIUM.exists():
        raise RuntimeError(
            f"{CHROMIUM} is missing: run `make browser-deps` (as root it installs Debian's "
            "chromium and fonts-noto-cjk)"
        )
    return str(CHROMIUM)
