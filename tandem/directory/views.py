from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from tandem.accounts.permissions import access_profile
from tandem.accounts.selectors import local_time, offset_label, profile_of, windows_in_zone
from tandem.core.errors import ValidationFailed
from tandem.directory.forms import DirectorySearchForm
from tandem.directory.selectors import DirectoryPage, directory_facets, mentor_search


@login_required
def directory(request):
    """The mentor directory. With htmx, filter changes swap only the results; without
    JavaScript the same form submits and the whole page comes back."""
    form = DirectorySearchForm(request.GET or None, facets=directory_facets())
    page = DirectoryPage(results=[], total=0, page=1, page_size=20)
    status = 200
    if not request.GET or form.is_valid():
        query = form.to_query() if request.GET else DirectorySearchForm.base_query()
        try:
            page = mentor_search(viewer=request.user, query=query)
        except ValidationFailed as exc:
            for item in exc.errors:
                form.add_error(item["field"] if item["field"] in form.fields else None,
                               item["message"])
            status = 400
    else:
        status = 400
    # A history restore (back button after a cache miss) needs the whole page.
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    template = "directory/partials/results.html" if partial else "directory/directory.html"
    response = render(request, template, {"form": form, "page": page}, status=status)
    patch_vary_headers(response, ("HX-Request",))  # one URL, two bodies: caches must tell
    return response


@login_required
def person(request, profile_id: int):
    """A person's page: what a mentee needs to decide whether to ask."""
    profile = access_profile(request.user, profile_id)
    viewer_tz = profile_of(request.user).timezone
    return render(request, "directory/person.html", {
        "person": profile,
        "viewer_tz": viewer_tz,
        "windows": windows_in_zone(profile.availability.all(), viewer_tz),
        "their_time": local_time(profile.timezone),
        "their_offset": offset_label(profile.utc_offset_minutes),
        "is_self": profile.user_id == request.user.pk,
    })
