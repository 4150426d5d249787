from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def contact_email() -> str:
    """The address of the people who look after the community (TANDEM_CONTACT_EMAIL)."""
    return settings.TANDEM_CONTACT_EMAIL
