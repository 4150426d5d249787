"""Pages: the inbox (with search), a mentorship's thread with its form, the partial that
polling asks for, and editing and deleting one's own message. Every page works without
JavaScript; htmx only fetches new messages while the thread is open."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tandem.conversations import selectors, services
from tandem.conversations.forms import EditForm, MessageForm, SearchForm
from tandem.conversations.models import EDIT_WINDOW_MINUTES, reference_of
from tandem.conversations.permissions import access_conversation, access_message
from tandem.core.errors import Conflict, DomainError
from tandem.core.forms import apply_errors


def _int_param(value) -> int | None:
    if value and value.isdecimal() and len(value) < 19:
        return int(value)
    return None


def _writable(rel) -> str:
    """"" when the pair can write, else why not."""
    try:
        services.check_writable(rel)
    except Conflict as exc:
        return exc.message
    return ""


def _decorate(messages, user, *, writable: bool) -> list:
    window = timezone.now() - timedelta(minutes=EDIT_WINDOW_MINUTES)
    for m in messages:
        m.mine = m.author_id == user.pk
        m.can_edit = m.mine and writable and not m.is_deleted and m.created_at > window
        m.ref = None if m.is_deleted else reference_of(m)
    return messages


# The service's names of what a message refers to, all shown on the form's one field.
REFERENCE_FIELDS = {"goal_id": "reference", "meeting_id": "reference",
                    "feedback_id": "reference"}


def _thread_page(request, rel, *, form=None, status=200):
    user = request.user
    before = _int_param(request.GET.get("before"))
    start = _int_param(request.GET.get("from"))
    page = selectors.thread_page(rel, before=before, start=start)
    closed_reason = _writable(rel)
    if page.messages:
        # Opening the thread is reading it (up to what is shown).
        services.conversation_mark_read(actor=user, relationship=rel, up_to=page.last_id)
    if form is None and not closed_reason:
        form = MessageForm(choices=selectors.reference_choices(rel))
    return render(request, "conversations/thread.html", {
        "rel": rel, "other": rel.other_party(user), "page": page,
        "messages_shown": _decorate(page.messages, user, writable=not closed_reason),
        "closed_reason": closed_reason, "form": form if not closed_reason else None,
        "polling": not page.has_newer, "edit_minutes": EDIT_WINDOW_MINUTES,
    }, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def thread(request, relationship_id: int):
    rel = access_conversation(request.user, relationship_id)
    if request.method != "POST":  # GET and HEAD
        return _thread_page(request, rel)
    form = MessageForm(request.POST, choices=selectors.reference_choices(rel))
    if not form.is_valid():
        return _thread_page(request, rel, form=form, status=400)
    try:
        message = services.message_post(actor=request.user, relationship=rel,
                                        **form.service_kwargs())
    except DomainError as exc:
        if isinstance(exc, Conflict):
            flash.error(request, exc.message)
            return _thread_page(request, rel, status=409)
        apply_errors(form, exc, fields=REFERENCE_FIELDS)
        return _thread_page(request, rel, form=form, status=400)
    return redirect(f"{services.thread_url(rel.pk)}#message-{message.pk}")


@login_required
def poll(request, relationship_id: int):
    """The messages after ``?after=<id>`` and the next poller: htmx swaps this in place of
    the old poller every few seconds while the thread is open."""
    rel = access_conversation(request.user, relationship_id)
    after = _int_param(request.GET.get("after")) or 0
    new = selectors.messages_after(rel, after)
    if new:
        services.conversation_mark_read(actor=request.user, relationship=rel,
                                        up_to=new[-1].pk)
    return render(request, "conversations/partials/new_messages.html", {
        "rel": rel, "messages_shown": _decorate(new, request.user,
                                                writable=not _writable(rel)),
        "after": new[-1].pk if new else after,
        # The thread was empty when the page was shown: its "No messages yet" goes now.
        "was_empty": after == 0,
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, message_id: int):
    message = access_message(request.user, message_id, write=True)
    status = 200
    if request.method == "POST":
        form = EditForm(request.POST)
        if form.is_valid():
            try:
                services.message_edit(actor=request.user, message=message,
                                      body=form.cleaned_data["body"])
            except DomainError as exc:
                apply_errors(form, exc, fields=REFERENCE_FIELDS)
                status = 409 if isinstance(exc, Conflict) else 400
            else:
                flash.success(request, "Your message was changed.")
                return redirect(f"{services.thread_url(message.relationship_id)}"
                                f"#message-{message.pk}")
        else:
            status = 400
    else:
        form = EditForm(initial={"body": message.body})
    return render(request, "conversations/edit.html", {
        "message": message, "rel": message.relationship, "form": form,
        "edit_minutes": EDIT_WINDOW_MINUTES,
    }, status=status)


@login_required
@require_POST
def delete(request, message_id: int):
    message = access_message(request.user, message_id, write=True)
    services.message_delete(actor=request.user, message=message)
    flash.success(request, "Your message was deleted.")
    return redirect(f"{services.thread_url(message.relationship_id)}#message-{message.pk}")


@login_required
def inbox(request):
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = selectors.search(request.user, query) if query else None
    if results:
        for m in results:
            m.url = services.message_url(m)
            m.other = m.relationship.other_party(request.user)
    return render(request, "conversations/inbox.html", {
        "form": form, "query": query, "results": results,
        "conversations": selectors.inbox(request.user) if results is None else [],
    }, status=200 if not form.errors else 400)
