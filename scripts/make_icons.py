"""Render the app icons (tandem/static/icons/*.png) from tandem/static/favicon.svg with the
Debian chromium that the browser tests use. Run once after changing the favicon and
commit the PNGs; nothing renders them at run time.

    .venv/bin/python scripts/make_icons.py
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SVG = (ROOT / "tandem" / "static" / "favicon.svg").read_text()
OUT = ROOT / "tandem" / "static" / "icons"
BRAND = "#0b5cad"

# The favicon's drawing without its rounded square: the two rings.
RINGS = re.sub(r"<rect[^>]*/>", "", SVG.split(">", 1)[1].rsplit("</svg>", 1)[0])


def full_bleed(scale: float) -> str:
    """A square brand background to the edges (the platform cuts its own shape: a circle,
    a squircle) with the rings scaled to ``scale`` of it, centred, so they stay inside the
    maskable icon's safe zone (the middle 80 %)."""
    offset = 16 * (1 - scale)
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
            f'<rect width="32" height="32" fill="{BRAND}"/>'
            f'<g transform="translate({offset} {offset}) scale({scale})">{RINGS}</g></svg>')


ICONS = {
    "icon-192.png": (192, SVG),
    "icon-512.png": (512, SVG),
    "icon-maskable-512.png": (512, full_bleed(0.7)),
    "apple-touch-icon.png": (180, full_bleed(0.8)),  # iOS rounds the corners itself
}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu"])
        for name, (size, svg) in ICONS.items():
            page = browser.new_page(viewport={"width": size, "height": size})
            svg = svg.replace("<svg ", f'<svg width="{size}" height="{size}" ', 1)
            page.set_content('<html><body style="margin:0;background:transparent">'
                             f"{svg}</body></html>")
            page.screenshot(path=str(OUT / name), omit_background=True)
            page.close()
            print(OUT / name)
        browser.close()


if __name__ == "__main__":
    main()
