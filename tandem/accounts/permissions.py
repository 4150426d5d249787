"""One ``access_*`` per object type, used by pages and the API alike. (Who may see a
person's profile depends on their requests and mentorships: ``access_profile`` is in
tandem/mentorships/permissions.py; career goals' ``access_goal`` is in
tandem/growth/permissions.py.)

Missing and off-limits look the same (NotFound -> 404), so the existence of someone
else's object is never revealed; Forbidden (403) only where the user may see but not
change the object.
"""

from __future__ import annotations

from tandem.accounts.models import AccessToken, User
from tandem.core.errors import NotFound
from tandem.core.permissions import parse_id


def access_token(user: User, token_id, *, write: bool = False) -> AccessToken:
    if not user.is_authenticated:
        raise NotFound
    token = AccessToken.objects.filter(pk=parse_id(token_id), user=user).first()
    if token is None:
        raise NotFound
    return token
