"""The pure computations of the standards toolkit: no Django import."""
