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
    "advanced": N_("advanced service"),
    "basic": N_("basic service"),
    "limited": N_("limited service"),
    "no_service": N_("no service"),
    "insufficient_data": N_("insufficient data"),
}
# The JMP's criteria (``scoring.jmp_criteria.JMP_CRITERIA``, its twin) and its definition of each
# rung, as the facility page, the report and the README's table say them.
JMP_CRITERION = {
    "water.basic.improved_on_premises": N_("an improved water source on the premises"),
    "water.basic.available": N_("water available at the time of the assessment"),
    "water.limited.improved_within_500m": N_("an improved water source within 500 m"),
    "water.limited.on_premises_not_available": N_("an improved water source on the premises, without water today"),
    "sanitation.basic.improved_usable": N_("improved toilets usable by patients"),
    "sanitation.basic.staff_toilet": N_("at least one toilet dedicated to staff"),
    "sanitation.basic.sex_separated_mhm": N_("at least one women's toilet with menstrual hygiene facilities"),
    "sanitation.basic.limited_mobility": N_("at least one toilet accessible to people with limited mobility"),
    "sanitation.limited.improved": N_("at least one usable improved toilet"),
    "hygiene.basic.points_of_care": N_("hand hygiene stations at points of care"),
    "hygiene.basic.toilets": N_("handwashing stations with water and soap within 5 m of toilets"),
    "hygiene.limited.points_of_care": N_("hand hygiene stations at some points of care"),
    "hygiene.limited.toilets": N_("handwashing stations within 5 m of some toilets"),
    "waste.basic.segregation": N_("waste correctly sorted into three bins in the consultation area"),
    "waste.basic.sharps_infectious_treated": N_("sharps and infectious waste treated or disposed of safely"),
    "waste.limited.segregation": N_("some sorting of waste in the consultation area"),
    "waste.limited.sharps_infectious_treated": N_("sharps and infectious waste treated or disposed of safely"),
    "cleaning.basic.protocols": N_("cleaning protocols available"),
    "cleaning.basic.staff_trained": N_("every staff member with cleaning duties trained"),
    "cleaning.limited.protocols": N_("cleaning protocols available"),
    "cleaning.limited.staff_trained": N_("some staff with cleaning duties trained"),
}
JMP_DEFINITION = {
    "water.basic": N_("Water from an improved source is available on the premises."),
    "water.limited": N_("An improved source is within 500 m of the facility, or on the premises without water "
                        "available."),
    "water.no_service": N_("An unimproved source, or no source at all."),
    "sanitation.basic": N_("Improved toilets are usable, with at least one dedicated to staff, at least one "
                           "sex-separated with menstrual hygiene facilities, and at least one accessible to people "
                           "with limited mobility."),
    "sanitation.limited": N_("At least one improved toilet, but not every criterion of basic service."),
    "sanitation.no_service": N_("Unimproved toilets, or none."),
    "hygiene.basic": N_("Working hand hygiene stations at points of care and within 5 m of toilets."),
    "hygiene.limited": N_("Working hand hygiene stations at points of care or at toilets, not both."),
    "hygiene.no_service": N_("No working hand hygiene station at points of care or toilets."),
    "waste.basic": N_("Waste is safely sorted into at least three bins in the consultation area, and sharps "
                      "and infectious waste are treated and disposed of safely."),
    "waste.limited": N_("Some sorting, or safe treatment and disposal, but not both."),
    "waste.no_service": N_("Neither sorting nor safe treatment and disposal."),
    "cleaning.basic": N_("Basic cleaning protocols are available, and every staff member with cleaning duties "
                         "is trained."),
    "cleaning.limited": N_("Cleaning protocols, or some staff trained, but not both."),
    "cleaning.no_service": N_("No cleaning protocols and no staff trained."),
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
    "price_list": N_("price list"), "price_list_mapping": N_("price-list mapping"), "freight": N_("freight"),
    "death_audit": N_("death audit case"), "team_member": N_("WASH FIT team member"),
    "risk_judgement": N_("team's risk assessment"), "plan": N_("plan"), "plan_photo": N_("evidence photo"),
    "api_token": N_("API token"), "indicator_set": N_("indicator set"), "login": N_("login"),
}
AUDIT_FIELD = {
    "status": N_("status"), "score": N_("score"), "comment": N_("comment"), "created": N_("created"),
    "added": N_("added"), "drafted": N_("drafted"), "role": N_("role"), "facilities": N_("facilities"),
    "active": N_("active"), "password": N_("password"), "code": N_("code"), "name": N_("name"),
    "kecamatan": N_("kecamatan"), "district": N_("district"), "inpatient": N_("inpatient"),
    "rainfall_sufficient": N_("rainfall sufficient"), "sewered": N_("sewered"),
    "delivery": N_("delivery services"), "latitude": N_("latitude"), "longitude": N_("longitude"),
    "placeholder": N_("placeholder"), "text": N_("action"), "responsible": N_("person responsible"),
    "target_date": N_("target date"), "funding_source": N_("funding source"), "items": N_("cost items"),
    "assessment": N_("source assessment"), "indicator_met": N_("indicator now met"), "unit_cost": N_("unit cost"),
    "source": N_("source"), "year": N_("year"), "estimate": N_("estimate"),
    "region": N_("region"), "valid_from": N_("valid from"), "cost_item_code": N_("cost item"),
    "list_unit": N_("unit in the list"), "per_item": N_("units of the list per catalog unit"),
    "imported": N_("imported"), "percent": N_("percent"),
    "month": N_("month"), "case_type": N_("case type"), "place": N_("place"), "cause_group": N_("cause group"),
    "factors": N_("avoidable factors"), "response_status": N_("response status"),
    "recommendation": N_("recommendation"), "plan_action": N_("plan action"),
    "position": N_("position"), "position_other": N_("other position"), "team_role": N_("role in the team"),
    "phone": N_("telephone"), "leader": N_("team leader"), "from_on": N_("member from"), "to_on": N_("member until"),
    "problem": N_("problem found"), "at_risk": N_("who is at risk"), "likelihood": N_("likelihood"),
    "severity": N_("severity"), "reason": N_("the team's reason"), "assessed_on": N_("visit date"),
    "assessors": N_("assessors"), "team_leader": N_("WASH FIT team leader"),
    "drafted_from": N_("drafted from assessment"), "state": N_("plan state"), "reopen_note": N_("why re-opened"),
    "started_on": N_("start date"), "completed_on": N_("completion date"), "progress_note": N_("progress note"),
    "spent": N_("money spent"), "photo": N_("evidence photo"), "validated": N_("validated snapshot"),
    "dhis2_org_unit": N_("DHIS2 org unit"), "dhis2_period": N_("DHIS2 period"), "ends_on": N_("end date"),
    "closed": N_("round closed"), "deleted": N_("deleted"), "failed": N_("failed"),
    "indicator_code": N_("indicator"), "indicator_set": N_("indicator set"), "revoked_at": N_("revoked"),
    "session_epoch": N_("sessions ended"), "used": N_("used"),
}
READ_ONLY_REASON = {  # keys: assessments.permissions.READ_ONLY_REASONS
    "round_closed": N_("Read only: this round is closed, so its assessments can no longer change."),
    "no_rights": N_("Read only: your account does not enter scores for this puskesmas."),
    "validated": N_("Read only: the district has validated this assessment. An administrator may reopen it "
                    "as a draft to correct it."),
    "submitted": N_("Read only: the assessment has been submitted and now waits for the district to validate it. "
                    "An administrator may reopen it as a draft if something must change."),
}
# The bins of ``plans.progress`` (each action in one), as the progress tables, chart and sheet word them.
PROGRESS_BIN = {"done": N_("done"), "in_progress": N_("in progress"), "overdue": N_("overdue"),
                "not_started": N_("not started"), "met": N_("indicator now met"), "dropped": N_("dropped")}
# A facility's plan as the district sees it (``FacilityPlan.state``).
PLAN_STATE = {"draft": N_("plan draft"), "submitted": N_("submitted to the district"),
              "returned": N_("returned with comments"), "validated": N_("validated by the district")}
# Why a submitted or validated plan went back to draft (``FacilityPlan.reopen_note`` is "<reason>:<detail>").
REOPEN_REASON = {"redraft": N_("re-opened: re-drafted from the assessment of %(detail)s"),
                 "scope": N_("re-opened: the scope changed (%(detail)s)")}
RESPONSE_STATUS = {"open": N_("not yet followed up"), "in_progress": N_("being followed up"),
                   "done": N_("followed up")}
