from django import template

from tandem.mentorships import workspace

register = template.Library()


@register.inclusion_tag("mentorships/partials/workspace_header.html", takes_context=True)
def workspace_header(context, rel, current, agreement=None):
    """The relationship's header and sub-navigation, with ``current`` (a tab key) marked:
    ``{% workspace_header rel "messages" %}`` on any page of the relationship."""
    return workspace.header(viewer=context["request"].user, relationship=rel,
                            current=current, agreement=agreement)
