"""Message ids for stored codes (statuses, roles, service levels, priority reasons), translated where shown.

``N_`` only marks a string for extraction (``pybabel extract -k N_``); the web layer translates
with Flask-Babel, everything else with ``assessments.i18n.catalog.translator``: both read the
one catalog, so a status is the same word on a page, in a workbook and on the command line.
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
    "amp_sr": N_("AMP-SR audit team"),
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
# The reason codes of ``scoring.priority``, in the order they are shown ("esensial · ruang bersalin · ...").
PRIORITY_REASON = {
    "audit": N_("AMP-SR audit"),
    "essential": N_("essential"),
    "delivery_room": N_("delivery room"),
    "climate": N_("climate resilience"),
    "not_met": N_("not met"),
    "partially_met": N_("partially met"),
    "custom": N_("added by the puskesmas"),
    "no_gap": N_("no gap on record"),
}

# The audit log stores entity and field names as the code knows them; pages show these words.
AUDIT_ENTITY = {
    "assessment": N_("assessment"), "response": N_("answer"), "facility": N_("facility"), "user": N_("user"),
    "round": N_("round"), "plan_action": N_("plan action"), "cost_item": N_("cost item"),
    "death_audit": N_("death audit case"),
}
AUDIT_FIELD = {
    "status": N_("status"), "score": N_("score"), "comment": N_("comment"), "created": N_("created"),
    "added": N_("added"), "drafted": N_("drafted"), "role": N_("role"), "facilities": N_("facilities"),
    "active": N_("active"), "password": N_("password"), "code": N_("code"), "name": N_("name"),
    "kecamatan": N_("kecamatan"), "district": N_("district"), "inpatient": N_("inpatient"),
    "delivery": N_("delivery services"), "latitude": N_("latitude"), "longitude": N_("longitude"),
    "placeholder": N_("placeholder"), "text": N_("action"), "responsible": N_("person responsible"),
    "target_date": N_("target date"), "funding_source": N_("funding source"), "items": N_("cost items"),
    "assessment": N_("source assessment"), "indicator_met": N_("indicator now met"), "unit_cost": N_("unit cost"),
    "source": N_("source"), "year": N_("year"), "estimate": N_("estimate"),
    "month": N_("month"), "case_type": N_("case type"), "place": N_("place"), "cause_group": N_("cause group"),
    "factors": N_("avoidable factors"), "response_status": N_("response status"),
    "recommendation": N_("recommendation"), "plan_action": N_("plan action"),
}
RESPONSE_STATUS = {"open": N_("not yet followed up"), "in_progress": N_("being followed up"),
                   "done": N_("followed up")}
