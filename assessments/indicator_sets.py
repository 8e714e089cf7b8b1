"""Indicator sets kept in the database: import, list, export, and the set each round is scored with.

A set is stored whole, as the YAML text it was imported from, and is never changed in place: a
district adapts a set by importing a new version, and every round keeps the set it names. The
parser is not free, so a stored set is parsed once per process and content hash.

The file named by ``WASHFIT_INDICATORS`` (else the shipped ``seed_indicators.yaml``) is only the
set ``init-db`` and the demo store first, and the one ``washfit score`` reads without a database.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessments.audit import record_change
from assessments.errors import InvalidInput, NotFound
from assessments.models import Assessment, AssessmentRound, StoredIndicatorSet
from assessments.shipped_files import first_set_path
from scoring import IndicatorSet, IndicatorSetError, load_indicator_set, parse_indicator_set

MAX_SET_BYTES = 2_000_000
MAX_INDICATORS = 2_000
PARSED_KEPT = 32  # parsed sets kept per process, by content hash
# libyaml's parser where PyYAML was built with it: the same documents, several times faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PARSED: OrderedDict[str, IndicatorSet] = OrderedDict()


@lru_cache(maxsize=4)
def _load_file(path: Path, mtime_ns: int) -> IndicatorSet:
    return load_indicator_set(path)


def first_indicator_set(path: Path | None = None) -> IndicatorSet:
    """The set in the file ``init-db`` stores first, for work without a database (``washfit score``)."""
    path = Path(path) if path else first_set_path()
    return _load_file(path, path.stat().st_mtime_ns)


# -- parsing, bounded and cached ------------------------------------------------------------------

def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_set_text(text: str, file_name: str = "") -> IndicatorSet:
    """Validate a set's YAML text with the strict loader; ``InvalidInput`` saying where it is wrong.

    Bounded by what it holds: its size, no YAML aliases (which could multiply a small file), and
    at most ``MAX_INDICATORS`` indicators.
    """
    name = file_name or "indicator set"
    if len(text.encode("utf-8")) > MAX_SET_BYTES:
        raise InvalidInput("the indicator set %(name)s is larger than %(limit)d bytes",
                           name=name, limit=MAX_SET_BYTES)
    if "\x00" in text:
        raise InvalidInput("the indicator set %(name)s is not a text file", name=name)
    try:
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=_YAML_LOADER)):
            raise InvalidInput("the indicator set %(name)s uses YAML aliases, which washfit does not accept", name=name)
        data = yaml.load(text, Loader=_YAML_LOADER)  # a safe loader: libyaml's or PyYAML's
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise InvalidInput("the indicator set %(name)s is not valid YAML (line %(line)d)",
                           name=name, line=line) from None
    try:
        parsed = parse_indicator_set(data, name)
    except IndicatorSetError as exc:
        raise InvalidInput("the indicator set is not valid: %(problem)s", problem=str(exc)) from None
    if len(parsed.indicators) > MAX_INDICATORS:
        raise InvalidInput("the indicator set %(name)s has more than %(limit)d indicators",
                           name=name, limit=MAX_INDICATORS)
    return parsed


def _remember(digest: str, parsed: IndicatorSet) -> IndicatorSet:
    _PARSED[digest] = parsed
    _PARSED.move_to_end(digest)
    while len(_PARSED) > PARSED_KEPT:
        _PARSED.popitem(last=False)
    return parsed


def indicator_set_of(stored: StoredIndicatorSet) -> IndicatorSet:
    """The parsed set of a stored row, parsed once per process and content hash (an import counts).
    The text (a deferred column) is read only when the set is not parsed yet."""
    found = _PARSED.get(stored.content_hash)
    return found if found is not None else set_of_text(stored.content_hash, stored.yaml_text)


def set_of_text(digest: str, yaml_text: str) -> IndicatorSet:
    """``indicator_set_of`` from the two columns, for a reader that selects columns, not rows."""
    found = _PARSED.get(digest)
    return found if found is not None else _remember(digest, parse_set_text(yaml_text))


def round_set(round_: AssessmentRound) -> IndicatorSet:
    """The indicator set ``round_`` is scored with."""
    return indicator_set_of(round_.indicator_set)


# -- finding --------------------------------------------------------------------------------------

def latest_set(session: Session) -> StoredIndicatorSet | None:
    """The set imported last: the default for a new round."""
    return session.scalars(select(StoredIndicatorSet).order_by(StoredIndicatorSet.id.desc()).limit(1)).first()


def latest_indicator_set(session: Session) -> IndicatorSet:
    """The parsed latest set, for what belongs to no round (the cost catalog, own actions).

    Before any set is stored (a database ``init-db`` has not finished), the set it will store first.
    """
    stored = latest_set(session)
    return first_indicator_set() if stored is None else indicator_set_of(stored)


def find_set(session: Session, ref: str) -> StoredIndicatorSet:
    """The set named ``id@version``; ``NotFound`` when there is none."""
    set_id, _, version = ref.strip().partition("@")
    found = session.scalar(select(StoredIndicatorSet).where(
        StoredIndicatorSet.set_id == set_id, StoredIndicatorSet.version == version))
    if found is None:
        raise NotFound("no indicator set %(name)s", name=ref)
    return found


def stored_set_by_id(session: Session, row_id: int) -> StoredIndicatorSet:
    found = session.get(StoredIndicatorSet, row_id)
    if found is None:
        raise NotFound("no indicator set %(name)s", name=row_id)
    return found


@dataclass(frozen=True)
class SetUsage:
    """A stored set and how much uses it."""

    stored: StoredIndicatorSet
    rounds: int
    assessments: int

    @property
    def in_use(self) -> bool:
        return self.assessments > 0


def list_sets(session: Session) -> list[SetUsage]:
    """Every stored set, oldest first, with how many rounds and assessments use it."""
    rounds = (select(AssessmentRound.indicator_set_id, func.count().label("n"))
              .group_by(AssessmentRound.indicator_set_id).subquery())
    assessments = (select(AssessmentRound.indicator_set_id, func.count(Assessment.id).label("n"))
                   .join(Assessment, Assessment.round_id == AssessmentRound.id)
                   .group_by(AssessmentRound.indicator_set_id).subquery())
    query = (
        select(StoredIndicatorSet, func.coalesce(rounds.c.n, 0), func.coalesce(assessments.c.n, 0))
        .outerjoin(rounds, rounds.c.indicator_set_id == StoredIndicatorSet.id)
        .outerjoin(assessments, assessments.c.indicator_set_id == StoredIndicatorSet.id)
        .order_by(StoredIndicatorSet.id)
    )
    return [SetUsage(stored, int(r), int(a)) for stored, r, a in session.execute(query)]


# -- importing ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SetImport:
    """What importing a set did: stored it, or found the very same set stored already."""

    stored: StoredIndicatorSet
    created: bool


def import_set(session: Session, text: str, actor: str, file_name: str = "") -> SetImport:
    """Store a new set, or a new version of one; the same id and version must mean the same set."""
    parsed = parse_set_text(text, file_name)
    existing = session.scalar(select(StoredIndicatorSet).where(
        StoredIndicatorSet.set_id == parsed.id, StoredIndicatorSet.version == parsed.version))
    if existing is not None:
        differ = set_differences(indicator_set_of(existing), parsed)
        if differ:
            raise InvalidInput(
                "indicator set %(name)s is stored already with other content (%(differences)s): "
                "give the changed set a new version", name=existing.ref, differences="; ".join(differ))
        return SetImport(existing, created=False)
    stored = StoredIndicatorSet(
        set_id=parsed.id[:50], version=parsed.version[:20], title=parsed.title.id[:300],
        source=parsed.source.get("derived_from") or parsed.source.get("citation", ""),
        yaml_text=text, content_hash=content_hash(text),
    )
    session.add(stored)
    session.flush()
    _remember(stored.content_hash, parsed)
    record_change(session, actor, "indicator_set", stored.id, "imported", None, stored.ref)
    return SetImport(stored, created=True)


def ensure_first_set(session: Session, actor: str) -> StoredIndicatorSet:
    """The set stored first, storing the file of ``first_set_path`` when none is stored yet."""
    stored = latest_set(session)
    if stored is not None:
        return stored
    path = first_set_path()
    return import_set(session, path.read_text(encoding="utf-8"), actor, path.name).stored


def set_differences(old: IndicatorSet, new: IndicatorSet) -> list[str]:
    """What differs between two sets, in the words of the set format (empty when they are the same)."""
    found = []
    old_codes, new_codes = [i.code for i in old.indicators], [i.code for i in new.indicators]
    if added := [c for c in new_codes if c not in old]:
        found.append("indicators added: " + ", ".join(added))
    if dropped := [c for c in old_codes if c not in new]:
        found.append("indicators dropped: " + ", ".join(dropped))
    if changed := [c for c in old_codes if c in new and old.indicator(c) != new.indicator(c)]:
        found.append("indicators changed: " + ", ".join(changed))
    for name in ("title", "edition", "flags", "applicability", "service_areas", "cost_items", "jmp_rules", "source"):
        if _plain(getattr(old, name)) != _plain(getattr(new, name)):
            found.append(f"{name} changed")
    if [(d.code, d.name, d.short) for d in old.domains] != [(d.code, d.name, d.short) for d in new.domains]:
        found.append("domains changed")
    return found


def _plain(value: object) -> object:
    return dict(value) if isinstance(value, Mapping) else value


def export_set(stored: StoredIndicatorSet) -> str:
    """The set's text exactly as it was imported."""
    return stored.yaml_text


def rounds_using(session: Session, stored: StoredIndicatorSet) -> Sequence[AssessmentRound]:
    return session.scalars(select(AssessmentRound).where(AssessmentRound.indicator_set_id == stored.id)
                           .order_by(AssessmentRound.starts_on)).all()


def delete_set(session: Session, stored: StoredIndicatorSet, actor: str) -> str:
    """Delete a set nothing uses (an import made by mistake); refused while any round or assessment uses it.

    A set a round names is kept even before the round has answers: move the round onto another
    set first. The last stored set is kept too, since every new round needs one. Returns its ref.
    """
    ref = stored.ref
    rounds = session.scalar(select(func.count()).select_from(AssessmentRound)
                            .where(AssessmentRound.indicator_set_id == stored.id)) or 0
    assessments = session.scalar(select(func.count()).select_from(Assessment).where(
        Assessment.set_id == stored.set_id, Assessment.set_version == stored.version)) or 0
    if rounds or assessments:
        raise InvalidInput("indicator set %(name)s is used by %(rounds)d rounds and %(assessments)d assessments: "
                           "a set in use is never deleted", name=ref, rounds=rounds, assessments=assessments)
    if session.scalar(select(func.count()).select_from(StoredIndicatorSet)) == 1:
        raise InvalidInput("indicator set %(name)s is the only one stored: every new round needs a set", name=ref)
    session.delete(stored)
    session.flush()
    record_change(session, actor, "indicator_set", stored.id, "deleted", ref, None)
    return ref
