"""The pure computations of the sustainable toolkit: no Django import."""
