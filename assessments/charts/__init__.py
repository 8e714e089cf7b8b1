"""Charts: what to draw for a facility and for the district, and drawing it as PNG bytes."""
