from django.apps import AppConfig


class RecordConfig(AppConfig):
    name = "tandem.record"
    label = "record"
    verbose_name = "The record: timeline and export"
