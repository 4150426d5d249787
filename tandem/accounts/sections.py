"""What accounts gives the data export and account erasure (see tandem.core.sections).
The account itself (email, password, tokens, sessions) is anonymised by
``tandem.privacy.services.account_erase`` after every app's hook has run."""

from __future__ import annotations

from tandem.accounts.models import AccessToken, AvailabilityWindow, CareerGoal, Profile
from tandem.accounts.weekbits import hour_columns
from tandem.core.exporting import plain, rows


def export_data(*, user) -> dict:
    profile = (Profile.objects.filter(user=user)
               .prefetch_related("skills_offered", "skills_wanted", "interests", "industries",
                                 "languages").first())
    data: dict = {
        "account": plain({"email": user.email, "date_joined": user.date_joined,
                          "last_login": user.last_login, "is_coordinator": user.is_coordinator,
                          "is_staff": user.is_staff}),
        "profile": None,
        "availability": [],
        "career_goals": rows(
            CareerGoal.objects.filter(user=user).order_by("position", "id"), "id", "title",
            "why", "measure", "target_date", "horizon", "status", "closed_at",
            "progress_manual", "visibility", "created_at", "updated_at"),
        # Names and dates only: never the secret, nor its hash or first characters.
        "access_tokens": rows(AccessToken.objects.filter(user=user), "name", "created_at",
                              "last_used_at", "revoked_at"),
        "email_addresses": [],
        "two_factor_methods": [],
    }
    if profile is not None:
        data["profile"] = plain({
            "display_name": profile.display_name, "headline": profile.headline,
            "bio": profile.bio, "is_mentee": profile.is_mentee, "is_mentor": profile.is_mentor,
            "skills_offered": [t.name for t in profile.skills_offered.all()],
            "skills_wanted": [t.name for t in profile.skills_wanted.all()],
            "interests": [t.name for t in profile.interests.all()],
            "industries": [t.name for t in profile.industries.all()],
            "languages": [lang.code for lang in profile.languages.all()],
            "timezone": profile.timezone, "location": profile.location,
            "experience_years": profile.experience_years,
            "mentor_capacity": profile.mentor_capacity,
            "open_to_requests": profile.open_to_requests,
            "meeting_channels": profile.meeting_channels,
            "feedback_format": profile.feedback_format,
            "feedback_style": profile.feedback_style,
            "feedback_timing": profile.feedback_timing,
            "feedback_notes": profile.feedback_notes,
            "created_at": profile.created_at, "updated_at": profile.updated_at,
        })
        data["availability"] = rows(AvailabilityWindow.objects.filter(profile=profile),
                                    "weekday", "start_minute", "end_minute")
    from allauth.account.models import EmailAddress

    data["email_addresses"] = rows(EmailAddress.objects.filter(user=user), "email",
                                   "verified", "primary")
    from django.apps import apps

    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.models import Authenticator

        # The kind and dates only: the secrets stay out of any file.
        data["two_factor_methods"] = rows(Authenticator.objects.filter(user=user), "type",
                                          "created_at", "last_used_at")
    return data


def erase_user(*, user) -> None:
    # Goals go with their milestones, shares and comments; what others wrote about them
    # elsewhere (feedback, plan items) stays, no longer tied to a goal.
    CareerGoal.objects.filter(user=user).delete()
    AvailabilityWindow.objects.filter(profile__user=user).delete()
    Profile.objects.filter(user=user).update(**hour_columns(()))
    AccessToken.objects.filter(user=user).delete()
