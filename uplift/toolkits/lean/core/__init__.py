"""The pure computations of the lean toolkit: no Django import."""
