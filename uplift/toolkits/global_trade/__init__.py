"""Activity 1, OTOP to Global: listings, marketplace feeds, export prices."""
