from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "uplift.registry"
    label = "registry"
