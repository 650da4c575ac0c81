"""The pure computations of the identity toolkit: no Django import."""
