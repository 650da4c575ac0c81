"""The pure computations of the successors toolkit: no Django import."""
