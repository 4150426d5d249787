from django import template

from tandem.core.markdown import plain_text

register = template.Library()


@register.filter(name="plain_excerpt")
def plain_excerpt(text: str, limit: int = 140) -> str:
    """A message as one line of plain words, cut at ``limit`` characters."""
    words = plain_text(text or "")
    return words if len(words) <= limit else words[:limit - 1].rstrip() + "…"
