"""Improvement plans: drafting from the gaps, people's edits, the district list, the budget and the prices."""
