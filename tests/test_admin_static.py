"""Tandem's copy of the admin's forms.css is Django's, less the @import of widgets.css
(which the admin's base_site.html links instead), so a Django upgrade cannot leave it
stale unnoticed."""

from pathlib import Path

import django

OURS = Path(__file__).resolve().parent.parent / "tandem" / "static" / "admin" / "css"
DJANGOS = Path(django.__file__).parent / "contrib" / "admin" / "static" / "admin" / "css"
IMPORT = "@import url('widgets.css');"


def test_it_keeps_forms_css_equal_to_djangos_without_the_import():
    ours = (OURS / "forms.css").read_text().split("*/", 1)[1].lstrip("\n")
    djangos = (DJANGOS / "forms.css").read_text()
    assert IMPORT in djangos
    assert ours == djangos.replace(IMPORT, "", 1).lstrip("\n")
    assert "@import" not in ours


def test_it_links_widgets_css_on_admin_pages(personas, client_for):
    page = client_for(personas.staff).get(
        f"/admin/accounts/user/{personas.mentee.pk}/change/").content.decode()
    assert page.index("admin/css/widgets.css") < page.index("admin/css/forms.css")
