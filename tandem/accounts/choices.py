"""Fixed vocabularies of the profile: languages, channels, feedback preferences."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache

from django.db import models

# ISO 639-1 codes of the languages people most often mentor in. A code outside this list
# is refused with a clear message rather than stored as free text.
LANGUAGES: dict[str, str] = {
    "af": "Afrikaans", "am": "Amharic", "ar": "Arabic", "az": "Azerbaijani",
    "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali", "bs": "Bosnian",
    "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "eo": "Esperanto", "es": "Spanish", "et": "Estonian",
    "eu": "Basque", "fa": "Persian", "fi": "Finnish", "fil": "Filipino", "fr": "French",
    "ga": "Irish", "gl": "Galician", "gu": "Gujarati", "ha": "Hausa", "he": "Hebrew",
    "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "hy": "Armenian",
    "id": "Indonesian", "ig": "Igbo", "is": "Icelandic", "it": "Italian", "ja": "Japanese",
    "ka": "Georgian", "kk": "Kazakh", "km": "Khmer", "kn": "Kannada", "ko": "Korean",
    "ku": "Kurdish", "ky": "Kyrgyz", "lo": "Lao", "lt": "Lithuanian", "lv": "Latvian",
    "mk": "Macedonian", "ml": "Malayalam", "mn": "Mongolian", "mr": "Marathi",
    "ms": "Malay", "mt": "Maltese", "my": "Burmese", "ne": "Nepali", "nl": "Dutch",
    "no": "Norwegian", "pa": "Punjabi", "pl": "Polish", "ps": "Pashto", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "rw": "Kinyarwanda", "si": "Sinhala",
    "sk": "Slovak", "sl": "Slovenian", "so": "Somali", "sq": "Albanian", "sr": "Serbian",
    "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu", "tg": "Tajik",
    "th": "Thai", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu",
    "uz": "Uzbek", "vi": "Vietnamese", "xh": "Xhosa", "yo": "Yoruba", "zh": "Chinese",
    "zu": "Zulu",
}
LANGUAGE_CHOICES = sorted(LANGUAGES.items(), key=lambda item: item[1])


@lru_cache(maxsize=1)
def timezone_names() -> frozenset[str]:
    # "localtime" and "Factory" are not places people live in.
    return frozenset(
        name for name in zoneinfo.available_timezones() if name not in {"localtime", "Factory"}
    )


def timezone_choices() -> list[tuple[str, str]]:
    return list(_timezone_choices())


@lru_cache(maxsize=1)
def _timezone_choices() -> tuple[tuple[str, str], ...]:
    return tuple((name, name.replace("_", " ")) for name in sorted(timezone_names()))


class Channel(models.TextChoices):
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone"
    IN_PERSON = "in_person", "In person"
    CHAT = "chat", "Chat"


class FeedbackFormat(models.TextChoices):
    WRITTEN = "written", "Written"
    SPOKEN = "spoken", "Spoken"
    EITHER = "either", "Either"


class FeedbackStyle(models.TextChoices):
    DIRECT = "direct", "Direct and to the point"
    GENTLE = "gentle", "Gentle and encouraging"


class FeedbackTiming(models.TextChoices):
    IN_THE_MOMENT = "in_the_moment", "In the moment"
    AT_MEETINGS = "at_meetings", "Saved for our meetings"


class GoalHorizon(models.TextChoices):
    THREE_MONTHS = "3m", "Within 3 months"
    SIX_MONTHS = "6m", "Within 6 months"
    ONE_YEAR = "1y", "Within a year"
    LONG_TERM = "long", "More than a year"


class GoalVisibility(models.TextChoices):
    PRIVATE = "private", "Only me"
    MENTORS = "mentors", "Shared with all my mentors"
    CHOSEN = "chosen", "Shared with the mentorships I choose"


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ACHIEVED = "achieved", "Achieved"
    DROPPED = "dropped", "Dropped"

    @classmethod
    def closed(cls) -> tuple[str, str]:
        return (cls.ACHIEVED, cls.DROPPED)


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
