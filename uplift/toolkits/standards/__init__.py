"""Activity 5, quality and standards: gap assessment and certification."""
