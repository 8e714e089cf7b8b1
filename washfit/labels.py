"""Message ids for stored codes (statuses, roles, service levels), translated where they are shown.

``N_`` only marks a string for extraction (``pybabel extract -k N_``); the web layer translates
with Flask-Babel and the CLI with ``washfit.i18n.translator``.
"""

from __future__ import annotations


def N_(message: str) -> str:
    return message


STATUS = {"none": N_("not started"), "draft": N_("draft"), "submitted": N_("submitted"), "validated": N_("validated")}
ROLE = {
    "admin": N_("administrator"),
    "assessor": N_("assessor"),
    "facility_head": N_("puskesmas head"),
    "viewer": N_("viewer"),
}
SERVICE_LEVEL = {
    "basic": N_("basic service"),
    "limited": N_("limited service"),
    "no_service": N_("no service"),
    "insufficient_data": N_("insufficient data"),
}
SCORE = {"2": N_("Meets"), "1": N_("Partially meets"), "0": N_("Does not meet"), "na": N_("Not applicable")}
PLAN_STATUS = {"planned": N_("planned"), "in_progress": N_("in progress"), "done": N_("done"), "dropped": N_("dropped")}
FUNDING_SOURCE = {"APBD": N_("APBD (district budget)"), "DAK": N_("DAK (special allocation fund)"),
                  "BOK": N_("BOK (health operational aid)"), "UNICEF": N_("UNICEF"), "other": N_("other")}
RISK_LEVEL = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}
