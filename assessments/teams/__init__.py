"""The WASH FIT team of each puskesmas (step 1) and the team's risk assessment of its gaps (step 3)."""
