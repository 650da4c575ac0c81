from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "uplift.core"
    label = "core"

    def ready(self) -> None:
        from uplift.security import auth

        auth.connect()
