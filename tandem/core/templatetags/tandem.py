from django import template
from django.utils.safestring import mark_safe

from tandem.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> str:
    return mark_safe(render_markdown(text))  # noqa: S308  # nosec B308 B703: sanitized by nh3


@register.filter(name="zone")
def zone_label(name: str) -> str:
    """"America/Sao_Paulo" -> "America/Sao Paulo", as people write it."""
    return (name or "").replace("_", " ")


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for pagination/sort links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
