"""Every write of programs, one module per concern:

- ``programs``: the program itself and its coordinators;
- ``enrolment``: applications, invitations and withdrawals;
- ``imports``: CSV imports of participants (the parsing lives in ``csv_import``);
- ``runs``: matching runs, their review and publication, approvals of published matches;
- ``rematches``: re-match requests.

The public functions are re-exported here, so ``from tandem.programs.services import x``
keeps working. To replace one in a test, patch it in the module that uses it (e.g.
``tandem.programs.services.runs._start``): patching this package's attribute does not
change the name a submodule looks up."""

from tandem.programs.services.enrolment import (
    applications_open,
    email_allowed,
    invitation_accept,
    invitation_create,
    invitation_decline,
    invitation_revoke,
    participant_apply,
    participant_update,
    participant_withdraw,
)
from tandem.programs.services.imports import import_discard, import_start, import_valid_rows
from tandem.programs.services.programs import (
    DOMAIN_RE,
    MAX_OBJECTIVES,
    MAX_QUESTIONS,
    PROGRAM_FIELDS,
    coordinator_add,
    program_create,
    program_update,
)
from tandem.programs.services.rematches import rematch_request, rematch_resolve
from tandem.programs.services.runs import (
    pair_add,
    pair_lock,
    pair_remove,
    pair_respond,
    pair_swap,
    pairs_expire,
    run_execute,
    run_publish,
    run_rerun,
    run_start,
)

__all__ = [
    "DOMAIN_RE",
    "MAX_OBJECTIVES",
    "MAX_QUESTIONS",
    "PROGRAM_FIELDS",
    "applications_open",
    "coordinator_add",
    "email_allowed",
    "import_discard",
    "import_start",
    "import_valid_rows",
    "invitation_accept",
    "invitation_create",
    "invitation_decline",
    "invitation_revoke",
    "pair_add",
    "pair_lock",
    "pair_remove",
    "pair_respond",
    "pair_swap",
    "pairs_expire",
    "participant_apply",
    "participant_update",
    "participant_withdraw",
    "program_create",
    "program_update",
    "rematch_request",
    "rematch_resolve",
    "run_execute",
    "run_publish",
    "run_rerun",
    "run_start",
]
