"""The pure computations of the global trade toolkit: no Django import."""
