"""Browser forms parse text into values; the services decide what is valid, so pages and
the API give the same messages. ``tandem.core.forms.apply_errors`` puts a service's errors
on the form."""

from __future__ import annotations

from django import forms

from tandem.accounts.choices import (
    LANGUAGE_CHOICES,
    WEEKDAYS,
    Channel,
    FeedbackFormat,
    FeedbackStyle,
    FeedbackTiming,
    timezone_choices,
)
from tandem.accounts.models import MAX_CAPACITY
from tandem.core.forms import split_tags
from tandem.core.widgets import LongSelect, SearchableSelectMultiple

LANGUAGES_HELP = "Hold Ctrl (or ⌘) to pick several."


def languages_field() -> forms.MultipleChoiceField:
    """The languages a person speaks: searchable with JavaScript, a plain multiple
    select without."""
    return forms.MultipleChoiceField(
        choices=LANGUAGE_CHOICES, required=False, help_text=LANGUAGES_HELP,
        widget=SearchableSelectMultiple(one="language", many="languages"))


class ProfileForm(forms.Form):
    # autocomplete (here and on location): the browser can offer the person's own name
    # and city (WCAG 1.3.5).
    display_name = forms.CharField(label="Name", max_length=200,
                                   widget=forms.TextInput(attrs={"autocomplete": "name"}))
    headline = forms.CharField(
        required=False, max_length=400,
        help_text="One line, e.g. “Backend engineer, 8 years in fintech”.",
    )
    bio = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Markdown is allowed: **bold**, lists, links. Up to 5,000 characters.",
    )
    is_mentee = forms.BooleanField(required=False, label="I am looking for a mentor")
    is_mentor = forms.BooleanField(required=False, label="I want to mentor others")
    skills_offered = forms.CharField(
        required=False, label="Skills I can offer",
        help_text="Comma-separated, e.g. Python, public speaking, career change.",
    )
    skills_wanted = forms.CharField(required=False, label="Skills I want to grow",
                                    help_text="Comma-separated.")
    interests = forms.CharField(required=False, help_text="Comma-separated.")
    industries = forms.CharField(required=False, help_text="Comma-separated.")
    languages = languages_field()
    timezone = forms.ChoiceField(widget=LongSelect, choices=timezone_choices)
    location = forms.CharField(required=False, max_length=400, help_text="Optional: a city or region.",
                               widget=forms.TextInput(attrs={"autocomplete": "address-level2"}))
    experience_years = forms.IntegerField(
        required=False, label="Years of work experience", min_value=0, max_value=70
    )
    mentor_capacity = forms.IntegerField(
        label="Mentees I can take at once", required=False, initial=0,
        help_text=f"0 to {MAX_CAPACITY}.",
    )
    open_to_requests = forms.BooleanField(required=False, label="Open to new mentoring requests")
    meeting_channels = forms.MultipleChoiceField(
        choices=Channel.choices, required=False, widget=forms.CheckboxSelectMultiple,
        label="How I like to meet",
    )
    feedback_format = forms.ChoiceField(choices=FeedbackFormat.choices, label="Feedback format")
    feedback_style = forms.ChoiceField(choices=FeedbackStyle.choices, label="Feedback style")
    feedback_timing = forms.ChoiceField(choices=FeedbackTiming.choices, label="Feedback timing")
    feedback_notes = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        label="Anything else about how you like feedback",
    )

    TAG_FIELDS = ("skills_offered", "skills_wanted", "interests", "industries")

    @classmethod
    def initial_from(cls, profile) -> dict:
        initial = {name: getattr(profile, name) for name in cls.base_fields
                   if name not in cls.TAG_FIELDS and name != "languages"}
        for name in cls.TAG_FIELDS:
            initial[name] = ", ".join(tag.name for tag in getattr(profile, name).all())
        initial["languages"] = [lang.code for lang in profile.languages.all()]
        return initial

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        for name in self.TAG_FIELDS:
            data[name] = split_tags(data[name])
        data["mentor_capacity"] = data.get("mentor_capacity") or 0
        return data


# --- The first-run wizard ("Welcome"): one small form a step ------------------------------
# Each form's ``changes()`` is a partial update for ``services.profile_update``, which
# checks it again and writes all of it or nothing.

ROLES = {"mentee": (True, False), "mentor": (False, True), "both": (True, True),
         "neither": (False, False)}


class WelcomeRolesForm(forms.Form):
    display_name = forms.CharField(
        label="Your name", max_length=200, help_text="As other people will see it.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}))
    role = forms.ChoiceField(label="What brings you to Tandem?", widget=forms.RadioSelect)

    def __init__(self, *args, community: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("mentee", "I am looking for a mentor"),
                   ("mentor", "I want to mentor others"),
                   ("both", "Both: I want a mentor, and to mentor others")]
        if community:  # coordinators and staff have a role of their own already
            choices.append(("neither", "Neither: I run programs"))
        self.fields["role"].choices = choices

    @staticmethod
    def initial_from(profile, *, community: bool = False) -> dict:
        role = {value: key for key, value in ROLES.items()}[(profile.is_mentee, profile.is_mentor)]
        return {"display_name": profile.display_name,
                "role": None if role == "neither" and not community else role}

    def changes(self) -> dict:
        is_mentee, is_mentor = ROLES[self.cleaned_data["role"]]
        return {"display_name": self.cleaned_data["display_name"], "is_mentee": is_mentee,
                "is_mentor": is_mentor}


class WelcomeTimezoneForm(forms.Form):
    timezone = forms.ChoiceField(
        widget=LongSelect, choices=timezone_choices,
        help_text="Meeting times are shown on this clock, and mentors are suggested by it.")

    @staticmethod
    def initial_from(profile) -> dict:
        return {"timezone": profile.timezone}

    def changes(self) -> dict:
        return {"timezone": self.cleaned_data["timezone"]}


class WelcomeLanguagesForm(forms.Form):
    languages = languages_field()

    @staticmethod
    def initial_from(profile) -> dict:
        return {"languages": [lang.code for lang in profile.languages.all()]}

    def changes(self) -> dict:
        return {"languages": self.cleaned_data["languages"]}


class WelcomeSkillsForm(forms.Form):
    """Skills to grow for a mentee; skills offered, capacity and openness for a mentor;
    all of them for someone who is both."""

    def __init__(self, *args, mentee: bool, mentor: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if mentee:
            self.fields["skills_wanted"] = forms.CharField(
                required=False, max_length=2000, label="Skills I want to grow",
                help_text="Comma-separated, e.g. Python, public speaking, career change.")
        if mentor:
            self.fields["skills_offered"] = forms.CharField(
                required=False, max_length=2000, label="Skills I can offer",
                help_text="Comma-separated, e.g. Python, public speaking, career change.")
            self.fields["mentor_capacity"] = forms.IntegerField(
                label="Mentees I can take at once", help_text=f"0 to {MAX_CAPACITY}.",
                widget=forms.NumberInput(attrs={"min": 0, "max": MAX_CAPACITY}))
            self.fields["open_to_requests"] = forms.BooleanField(
                required=False, label="Open to new mentoring requests")

    @staticmethod
    def initial_from(profile) -> dict:
        initial = {"skills_wanted": ", ".join(t.name for t in profile.skills_wanted.all()),
                   "skills_offered": ", ".join(t.name for t in profile.skills_offered.all()),
                   "mentor_capacity": profile.mentor_capacity,
                   "open_to_requests": profile.open_to_requests}
        if profile.welcomed_at is None and not profile.mentor_capacity:
            # A new mentor most likely takes one or two and wants to be found.
            initial.update(mentor_capacity=1, open_to_requests=True)
        return initial

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("skills_wanted", "skills_offered"):
            if name in data:
                data[name] = split_tags(data[name])
        return data


class AvailabilityForm(forms.Form):
    """One text box per weekday: "09:00-12:00, 18:30-20:00". Works without JavaScript."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.window_fields: dict[int, str] = {}
        for index, day in enumerate(WEEKDAYS):
            self.fields[f"day_{index}"] = forms.CharField(
                label=day, required=False, max_length=300,
                widget=forms.TextInput(attrs={"placeholder": "e.g. 09:00-12:00, 18:00-20:00"}),
            )

    @staticmethod
    def initial_from(windows) -> dict:
        days: dict[str, list[str]] = {}
        for window in windows:
            days.setdefault(f"day_{window.weekday}", []).append(
                f"{window.start_label}-{window.end_label}")
        return {key: ", ".join(values) for key, values in days.items()}

    def windows(self) -> list[dict]:
        result: list[dict] = []
        for index in range(7):
            text = self.cleaned_data.get(f"day_{index}", "")
            for part in [p.strip() for p in text.split(",") if p.strip()]:
                start, sep, end = part.partition("-")
                if not sep:
                    self.add_error(f"day_{index}", f"“{part}” is not a range like 09:00-12:00.")
                    continue
                self.window_fields[len(result)] = f"day_{index}"
                result.append({"weekday": index, "start": start.strip(), "end": end.strip()})
        return result


class TokenForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="What will use it, e.g. “my dashboard script”.")
