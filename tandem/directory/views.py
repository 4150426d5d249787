from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from tandem.accounts.selectors import local_time, offset_label, profile_of, windows_in_zone
from tandem.core.errors import ValidationFailed
from tandem.core.forms import apply_errors
from tandem.directory.forms import DirectorySearchForm
from tandem.directory.sections import suggestions_section
from tandem.directory.selectors import DirectoryPage, directory_facets, mentor_search
from tandem.mentorships.permissions import access_profile


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
            apply_errors(form, exc)
            status = 400
    else:
        status = 400
    # A history restore (back button after a cache miss) needs the whole page.
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    if partial:
        # htmx 2 does not swap a 4xx answer, so the error summary in the partial would
        # never be seen; the full page keeps 400 for browsers and tools without htmx.
        status = 200
    template = "directory/partials/results.html" if partial else "directory/directory.html"
    context = {"form": form, "page": page}
    if not page.total:
        # "0 found": one link per filter in use, each to the same search without it.
        context["active_filters"] = form.active_filters(request.path)
    if not partial:
        # Only the whole page shows suggestions: an htmx swap replaces the results alone.
        context["suggestions"] = suggestions_section(viewer=request.user, on_dashboard=False)
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ("HX-Request",))  # one URL, two bodies: caches must tell
    if partial:
        # The address bar names exactly the filters these results were found with (not
        # what the browser guessed when it sent the request), so a bookmark or a shared
        # link shows this list, and a late answer cannot leave it a step behind.
        response["HX-Push-Url"] = _address(request)
    return response


def _address(request) -> str:
    """The directory's URL for the filters in ``request``: empty ones left out."""
    filled = [(key, value) for key, values in request.GET.lists() for value in values
              if value.strip() and key in DirectorySearchForm.base_fields]
    return request.path + (f"?{urlencode(filled)}" if filled else "")


@login_required
def person(request, profile_id: int):
    """A person's page: what a mentee needs to decide whether to ask."""
    from tandem.accounts.services import zone_offset_minutes
    from tandem.mentorships import selectors as mentorship_selectors

    profile = access_profile(request.user, profile_id)
    viewer_tz = profile_of(request.user).timezone
    is_self = profile.user_id == request.user.pk
    context = {
        "person": profile,
        "viewer_tz": viewer_tz,
        "windows": windows_in_zone(profile.availability.all(), viewer_tz,
                                   owner_tz=profile.timezone),
        "their_time": local_time(profile.timezone),
        "their_offset": offset_label(zone_offset_minutes(profile.timezone)),
        "is_self": is_self,
    }
    if profile.is_mentor:
        from tandem.feedback.selectors import kudos_for

        # Only what mentees chose to make public (their consent, revocable).
        context["kudos"] = kudos_for(profile.user)
    if profile.is_mentor and not is_self:
        mentor = profile.user
        context.update(
            open_request=mentorship_selectors.open_request_between(request.user, mentor),
            mentoring_me=mentorship_selectors.open_relationship_between(request.user, mentor),
            unresponsive=mentorship_selectors.is_unresponsive(mentor),
            response_time=_duration_words(mentorship_selectors.typical_response_time(mentor)),
        )
    return render(request, "directory/person.html", context)


def _duration_words(value) -> str:
    """A median answer time in the words people use: "a few hours", "2 days"."""
    if value is None:
        return ""
    hours = value.total_seconds() / 3600
    if hours < 1:
        return "an hour"
    if hours < 24:
        return f"{round(hours)} hour{'s' if round(hours) != 1 else ''}"
    days = round(hours / 24)
    return f"{days} day{'s' if days != 1 else ''}"
