from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tandem.accounts"
    label = "accounts"
    verbose_name = "Accounts and profiles"

    def ready(self):
        from tandem.accounts import sections
        from tandem.accounts.services import profile_refresh_offsets
        from tandem.core import registry

        registry.register_sections(label="accounts", module=sections, order=200)
        registry.register_job("timezones_refreshed", profile_refresh_offsets, order=50)
