from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "uplift.toolkits.standards"
    label = "standards"
    verbose_name = "Activity 5, quality and standards"
