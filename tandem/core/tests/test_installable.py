"""Installable on a phone (issue 18, item 8): a web app manifest with icons, a service
worker served from the site's root, and the offline page it falls back to."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

STATIC_URL = "/static/"


def _png_size(path: Path) -> tuple[int, int]:
    """A PNG's width and height, from its IHDR chunk (no imaging library needed)."""
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def _static_file(url: str) -> Path:
    assert url.startswith(STATIC_URL), url
    found = finders.find(url.removeprefix(STATIC_URL))
    assert found, f"{url} is not a static file"
    return Path(found)


def test_it_serves_the_manifest_with_its_content_type(client, db):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Tandem"
    assert manifest["short_name"] == "Tandem"
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"].startswith("#")
    assert manifest["background_color"].startswith("#")


def test_it_lists_png_icons_of_192_and_512_pixels_and_a_maskable_one(client, db):
    icons = json.loads(client.get("/manifest.webmanifest").content)["icons"]
    sizes = set()
    for icon in icons:
        assert icon["type"] == "image/png"
        width, height = _png_size(_static_file(icon["src"]))
        assert icon["sizes"] == f"{width}x{height}", icon["src"]
        sizes.add(icon["sizes"])
    assert {"192x192", "512x512"} <= sizes
    assert any(icon["purpose"] == "maskable" for icon in icons)


def test_it_uses_the_colours_of_the_stylesheet(client, db):
    manifest = json.loads(client.get("/manifest.webmanifest").content)
    css = Path(finders.find("css/tandem.css")).read_text().lower()
    assert f"--brand: {manifest['theme_color'].lower()}" in css
    assert f"--bg: {manifest['background_color'].lower()}" in css


@pytest.mark.parametrize("who", ["anonymous", "mentee"])
def test_it_links_the_manifest_icon_and_service_worker_from_every_page(who, personas, client,
                                                                       client_for):
    http = client if who == "anonymous" else client_for(personas.mentee)
    page = http.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    theme = json.loads(http.get("/manifest.webmanifest").content)["theme_color"]
    assert f'<meta name="theme-color" content="{theme}">' in page
    assert 'rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png"' in page
    # Registered by a script file (the CSP allows no inline script), after the page.
    assert 'src="/static/js/sw-register.js" data-service-worker="/sw.js" defer' in page
    assert _png_size(_static_file("/static/icons/apple-touch-icon.png")) == (180, 180)


def test_it_serves_the_service_worker_from_the_root_as_javascript(client, db):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] == "no-cache"
    assert response["Service-Worker-Allowed"] == "/"
    script = response.content.decode()
    assert 'const OFFLINE = "/offline/";' in script
    assert '"/static/css/tandem.css"' in script
    assert 'const CACHE = "tandem-shell-' in script


def test_it_caches_only_the_shell(client, db):
    """What the service worker stores is the list of static files and the offline page:
    no page of anyone's."""
    script = client.get("/sw.js").content.decode()
    shell = json.loads(script.split("const SHELL = ", 1)[1].split(";\n", 1)[0])
    assert shell[0] == "/offline/"
    assert all(url.startswith(STATIC_URL) for url in shell[1:])
    for url in shell[1:]:
        _static_file(url)
    # cache.put appears once: at install, for the shell fetched without cookies.
    assert script.count(".put(") == 1
    assert 'credentials: "omit"' in script


def test_it_serves_the_service_worker_to_a_coordinator_before_two_factor(personas,
                                                                         client_for):
    """The browser asks for these by itself: no redirect to the authenticator set-up (a
    service worker behind a redirect fails to install) and no warning queued."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=personas.coordinator).delete()
    http = client_for(personas.coordinator)
    for path in ("/sw.js", "/manifest.webmanifest", "/offline/"):
        assert http.get(path).status_code == 200, path


@pytest.mark.parametrize("who", ["anonymous", "mentee"])
def test_it_shows_the_offline_page_naming_no_one(who, personas, client, client_for):
    http = client if who == "anonymous" else client_for(personas.mentee)
    response = http.get("/offline/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1 data-testid=\"offline-title\">You are offline</h1>" in page
    assert ">Try again</a>" in page
    assert "Sign out" not in page
    assert personas.mentee.profile.display_name not in page
