from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "uplift.imports"
    label = "imports"

    def ready(self) -> None:
        from uplift.imports import receivers  # noqa: F401 - connects the receivers
