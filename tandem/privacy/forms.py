from __future__ import annotations

from django import forms


class EraseForm(forms.Form):
    # Not required here: the service says what is wrong, in the API's words too.
    confirmation = forms.CharField(
        required=False, max_length=500, label="Your email address or your password",
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text="Type it to confirm that you want to delete your account for good.")
