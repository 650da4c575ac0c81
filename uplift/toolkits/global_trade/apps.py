from django.apps import AppConfig


class GlobalTradeConfig(AppConfig):
    name = "uplift.toolkits.global_trade"
    label = "global_trade"
    verbose_name = "Activity 1, OTOP to Global"
