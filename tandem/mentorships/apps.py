from django.apps import AppConfig


class MentorshipsConfig(AppConfig):
    name = "tandem.mentorships"
    label = "mentorships"
    verbose_name = "Mentorships"
