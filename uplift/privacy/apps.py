from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "uplift.privacy"
    label = "privacy"
    verbose_name = _("personal data (PDPA)")

    def ready(self) -> None:
        from uplift.access import policy

        policy.register_path("privacy.Consent", policy.Path("entrepreneur.view", entrepreneur="entrepreneur"))
