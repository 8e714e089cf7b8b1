"""Maternal and perinatal death audits (AMP-SR): de-identified case summaries, their aggregates and evidence.

Nothing here holds a name, NIK, address, exact date or record number: a case is a facility, a
month and year, and codes from ``death_audit_codes.yaml``. Case-level rows are for the AMP-SR
team and admins; everyone else sees aggregates with small counts suppressed (``summaries``).
"""
