"""Every JMP criterion and rung has its words in the catalog: the twin of scoring.jmp_criteria."""

from assessments.i18n.labels import JMP_CRITERION, JMP_DEFINITION, SERVICE_LEVEL
from scoring import ServiceLevel
from scoring.jmp_criteria import JMP_CRITERIA, known_criteria


def test_jmp_labels_name_every_known_criterion_and_no_other():
    assert set(JMP_CRITERION) == set(known_criteria())


def test_jmp_labels_define_every_rung_of_every_area():
    assert set(JMP_DEFINITION) == {f"{area}.{rung}" for area in JMP_CRITERIA
                                   for rung in ("basic", "limited", "no_service")}


def test_jmp_labels_name_every_service_level():
    assert set(SERVICE_LEVEL) == {level.value for level in ServiceLevel}
