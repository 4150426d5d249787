"""Tandem: an open-source, self-hostable mentorship platform."""

__version__ = "0.1.0"
