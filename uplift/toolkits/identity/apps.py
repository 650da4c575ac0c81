from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "uplift.toolkits.identity"
    label = "identity"
    verbose_name = "Activity 4, product and packaging with identity"
