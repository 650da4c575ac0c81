"""Activity 3, OTOP successors: Lean Canvas proposals and fairly judged pitches."""
