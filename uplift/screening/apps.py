from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "uplift.screening"
    label = "screening"

    def ready(self) -> None:
        from uplift.screening import receivers  # noqa: F401 - connects the receivers
