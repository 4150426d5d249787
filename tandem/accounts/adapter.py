from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from tandem.accounts.services import profile_ensure
from tandem.core.audit import audit_log


class AccountAdapter(DefaultAccountAdapter):
    """Gives every account made through sign-up its profile, in the same transaction."""

    def save_user(self, request, user, form, commit=True):
        with transaction.atomic():
            user = super().save_user(request, user, form, commit=commit)
            if commit:
                profile_ensure(user=user)
                audit_log(actor=user, action="accounts.user.signed_up", target=user)
        return user
