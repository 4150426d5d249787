from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from tandem.accounts.permissions import access_goal
from tandem.core.errors import DomainError
from tandem.growth import services
from tandem.growth.forms import MilestoneForm
from tandem.growth.permissions import access_milestone


@login_required
@require_POST
def milestone_add(request, goal_id: int):
    goal = access_goal(request.user, goal_id, write=True)
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"Milestone not added: {error}")
        return redirect("accounts:goals")
    try:
        services.milestone_add(actor=request.user, goal=goal, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, f"Milestone not added: {exc.message}")
    else:
        messages.success(request, "Milestone added.")
    return redirect("accounts:goals")


@login_required
@require_POST
def milestone_toggle(request, milestone_id: int):
    milestone = access_milestone(request.user, milestone_id, write=True)
    services.milestone_set_done(actor=request.user, milestone=milestone,
                                done=request.POST.get("done") == "yes")
    return redirect("accounts:goals")


@login_required
@require_POST
def milestone_delete(request, milestone_id: int):
    milestone = access_milestone(request.user, milestone_id, write=True)
    services.milestone_delete(actor=request.user, milestone=milestone)
    messages.success(request, "Milestone removed.")
    return redirect("accounts:goals")
