"""Remote-area freight: a factor per kecamatan on material items, set by administrators, audited."""

import pytest
from sqlalchemy import select

from assessments.errors import InvalidInput, PermissionDenied
from assessments.models import AuditEntry
from assessments.plans.freight import list_freight, set_freight
from tests.assessments.plans.helpers import views


def test_freight_multiplies_material_lines_of_the_kecamatan_only(session, mini_set, planned_district, make_facility):
    make_facility(code="F9", kecamatan="Amfoang Utara")
    admin = session.merge(planned_district["users"]["admin"])
    set_freight(session, "Kupang Tengah", 135, admin)
    session.commit()
    found = {a.indicator_code: a for a in views(session, mini_set)}
    assert found["W3"].cost == 6_750_000 + 1_500_000  # the tank carried, the training (a service) not
    assert found["HH1"].cost == 675_000 and found["HH1"].freight_percent == 135
    assert [(f.kecamatan, f.percent) for f in list_freight(session)] == [("Amfoang Utara", 100), ("Kupang Tengah", 135)]
    audit = session.scalars(select(AuditEntry).where(AuditEntry.entity == "freight")).one()
    assert (audit.entity_id, audit.old_value, audit.new_value) == ("Kupang Tengah", "100", "135")


def test_freight_back_to_100_removes_it(session, mini_set, planned_district):
    admin = session.merge(planned_district["users"]["admin"])
    set_freight(session, "Kupang Tengah", 150, admin)
    set_freight(session, "Kupang Tengah", 100, admin)
    session.commit()
    assert {a.indicator_code: a.cost for a in views(session, mini_set)}["HH1"] == 500_000


@pytest.mark.parametrize("percent", [99, 501, 0])
def test_a_freight_factor_out_of_range_is_refused(session, planned_district, percent):
    with pytest.raises(InvalidInput, match="whole percent"):
        set_freight(session, "Amfoang", percent, session.merge(planned_district["users"]["admin"]))


def test_only_an_admin_sets_freight(session, planned_district):
    with pytest.raises(PermissionDenied):
        set_freight(session, "Amfoang", 120, session.merge(planned_district["users"]["head"]))
