"""Pure computations on activations: curves, regions and properties (no drawing)."""
