"""OTOP Uplift: the system that runs DIPROM's OTOP development programme end to end."""
