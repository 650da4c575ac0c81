"""Activity 2, OTOP to Digital 4.0: digital maturity assessment and roadmap."""
