from django.apps import AppConfig


class GlobalTradeConfig(AppConfig):
    name = "uplift.toolkits.global_trade"
    label = "global_trade"
    verbose_name = "Activity 1, OTOP to Global"

    def ready(self) -> None:
        from uplift.access import policy

        view = "toolkit.view"
        for model, entrepreneur in {
            "Listing": "product__entrepreneur",
            "ListingImage": "listing__product__entrepreneur",
            "ListingCheck": "listing__product__entrepreneur",
            "ListingEvent": "listing__product__entrepreneur",
            "PriceQuote": "enrolment__entrepreneur",
            "ChannelSales": "enrolment__entrepreneur",
        }.items():
            policy.register_path(f"global_trade.{model}", policy.Path(view, entrepreneur=entrepreneur))
        policy.register_path("global_trade.NationalCode", policy.Path(view, national=True))
