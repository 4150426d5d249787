from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "tandem.feedback"
    label = "feedback"
    verbose_name = "Feedback and progress reports"
