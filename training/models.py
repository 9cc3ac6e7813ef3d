"""No models of its own yet."""
