"""Activity 7, sustainable OTOP: carbon footprint and local biodiversity."""
