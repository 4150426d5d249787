from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.db import transaction
from django.urls import reverse

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

    def get_signup_redirect_url(self, request):
        """A new account starts with the first-run wizard."""
        return reverse("accounts:welcome")

    def get_login_redirect_url(self, request):
        """Home, or the first-run wizard for someone whose profile is still empty and who
        has neither finished nor skipped it (they confirmed their address in another
        browser, say)."""
        from tandem.accounts.selectors import needs_welcome

        if needs_welcome(request.user, profile_ensure(user=request.user)):
            return reverse("accounts:welcome")
        return super().get_login_redirect_url(request)

    def _get_login_attempts_cache_key(self, request, **credentials):
        """allauth limits failed sign-ins per account with this key. Keyed by account
        *and* the caller's address, so someone guessing a person's password from one
        place cannot lock that person out from everywhere else; allauth's separate
        per-address limit still slows guessing across many accounts."""
        from tandem.core.middleware import client_address

        return f"{super()._get_login_attempts_cache_key(request, **credentials)}" \
               f"@{client_address(request) or '-'}"


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on (OpenID Connect): an account made on a first sign-on gets its
    profile too, like one made through the sign-up form."""

    def save_user(self, request, sociallogin, form=None):
        with transaction.atomic():
            user = super().save_user(request, sociallogin, form=form)
            if form is None:  # with a form, AccountAdapter.save_user did both
                profile_ensure(user=user)
                audit_log(actor=user, action="accounts.user.signed_up", target=user,
                          data={"via": sociallogin.account.provider})
        return user
