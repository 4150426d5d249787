def conversations(request):
    """The header's unread-message count (filled in by the conversations app)."""
    return {}
