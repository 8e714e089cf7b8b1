"""Score entry and the figures it gives: one facility's, one round's, and the facility list."""
