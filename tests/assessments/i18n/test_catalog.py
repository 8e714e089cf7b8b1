"""The one catalog: every message id the code uses is translated, and everything reads it alike."""

from assessments.i18n.catalog import translator
from assessments.i18n.labels import PRIORITY_REASON
from scoring.priority import REASON_CODES
from scripts.catalog import untranslated


def test_every_message_the_code_uses_has_its_bahasa_indonesia():
    assert untranslated() == [], "run `python -m scripts.catalog update` and translate the new ids"


def test_indonesian_is_translated_and_english_is_the_message_id():
    assert translator("id")("submitted") == "diajukan"
    assert translator("en")("submitted") == "submitted"


def test_every_priority_reason_scoring_can_give_has_words():
    assert set(PRIORITY_REASON) == set(REASON_CODES)
    for lang in ("id", "en"):
        words = [translator(lang)(PRIORITY_REASON[code]) for code in REASON_CODES]
        assert all(words) and len(set(words)) == len(words)
    assert translator("id")(PRIORITY_REASON["delivery_room"]) == "ruang bersalin"
