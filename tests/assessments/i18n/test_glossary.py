"""One word per concept: every Indonesian message uses the glossary's term for what its English names."""

import re
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po

I18N = Path(__file__).resolve().parents[3] / "assessments" / "i18n"
GLOSSARY = yaml.safe_load((I18N / "glossary.yaml").read_text(encoding="utf-8"))


def _messages() -> list[tuple[str, str]]:
    with (I18N / "translations" / "id" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po)
    pairs = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs.extend((ids[min(n, len(ids) - 1)], text) for n, text in enumerate(strings) if text)
    return pairs


MESSAGES = _messages()
# %(round)s names a value, not the concept; nor does a file's name (docs/indicator-set-format.md)
PLACEHOLDER = re.compile(r"%\(\w+\)[a-z]|\{\w+\}|[\w/.-]+\.(?:md|yaml|py)\b")


def _words(msgid: str) -> str:
    return PLACEHOLDER.sub("", msgid)


@pytest.mark.parametrize("concept", sorted(GLOSSARY))
def test_every_message_naming_the_concept_uses_its_one_indonesian_term(concept):
    rule = GLOSSARY[concept]
    english, term, banned = (re.compile(rule[k], re.IGNORECASE) if k in rule else None for k in ("en", "id", "not"))
    naming = [(msgid, text) for msgid, text in MESSAGES if english.search(_words(msgid))]
    assert naming, f"no message names {concept!r}: the glossary entry is stale"
    wrong = [f"{msgid!r} -> {text!r}" for msgid, text in naming
             if not term.search(text) or (banned and banned.search(text))]
    advice = f"{concept}: use {rule['id']!r}" + (f", never {rule['not']!r}" if banned else "")
    assert not wrong, advice + "\n" + "\n".join(wrong)
