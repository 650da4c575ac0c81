"""Activity 4, product and packaging with identity."""
