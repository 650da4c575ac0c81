"""The pure computations of the digital toolkit: no Django import."""
