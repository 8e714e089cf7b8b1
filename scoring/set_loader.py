"""Load an indicator set from YAML and reject anything malformed, saying exactly where.

Every rejection is an ``IndicatorSetError`` naming the file, the path inside it (for example
``domains[2].indicators[5].text.id``) and the problem, so whoever edits the set can fix it
without reading code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import yaml

from scoring.definitions import (
    APPLICABILITY_CONDITIONS,
    COST_KINDS,
    LANGUAGES,
    Action,
    ActionItem,
    CostItem,
    Domain,
    Indicator,
    IndicatorSet,
    JmpCriterion,
    JmpRule,
    Levels,
    Text,
)
from scoring.errors import IndicatorSetError
from scoring.jmp_criteria import ADVANCED, JMP_CRITERIA, JMP_RUNGS, criterion_code

T = TypeVar("T")

_TOP_KEYS = {
    "id", "edition", "version", "title", "source", "flags", "applicability",
    "service_areas", "cost_items", "domains", "jmp_rules",
}
_INDICATOR_KEYS = {"code", "text", "levels", "flags", "applies_to", "service_area", "actions", "replaces"}
_SOURCE_KEYS = {"citation", "licence", "isbn", "note", "derived_from"}
# Flags renamed since: older files stay readable. The second edition says GEDSI (gender equality,
# disability and social inclusion) where washfit's first files said gender_equity.
FLAG_ALIASES = {"gender_equity": "gedsi"}
_LEVELS = ("met", "partial", "not_met")


def load_indicator_set(path: str | Path) -> IndicatorSet:
    """Read and validate the indicator set in ``path``."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise IndicatorSetError(str(path), "", f"cannot read the file ({exc.strerror})") from None
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        raise IndicatorSetError(str(path), where, "not valid YAML") from None
    return parse_indicator_set(data, str(path))


def parse_indicator_set(data: Any, source: str = "<indicator set>") -> IndicatorSet:
    """Validate already-parsed YAML data and build the frozen ``IndicatorSet``."""
    return _Parser(source).indicator_set(data)


class _Parser:
    """Walks the raw data keeping the file name for every error it raises."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, problem: str) -> IndicatorSetError:
        return IndicatorSetError(self.source, path, problem)

    # -- primitives ---------------------------------------------------------------------------

    def mapping(self, value: Any, path: str, required: set[str], allowed: set[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path or "(top level)", "must be a mapping")
        for key in sorted(required - value.keys()):
            raise self.fail(_join(path, key), "is missing")
        for key in sorted(value.keys() - allowed, key=str):
            raise self.fail(_join(path, str(key)), "is not a known field")
        return value

    def string(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, "must be a non-empty text")
        return value.strip()

    def whole_number(self, value: Any, path: str, minimum: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(path, f"must be a whole number, not {value!r}")
        if value < minimum:
            raise self.fail(path, f"must be at least {minimum}, not {value}")
        return value

    def known(self, value: Any, path: str, choices: Mapping[str, object] | set[str], what: str) -> str:
        """A code that must be one of ``choices``."""
        if not isinstance(value, str) or value not in choices:
            raise self.fail(path, f"unknown {what} {value!r}")
        return value

    def text(self, value: Any, path: str) -> Text:
        if not isinstance(value, dict):
            raise self.fail(path, "must give the text in both languages (id and en)")
        for lang in LANGUAGES:
            if lang not in value:
                raise self.fail(_join(path, lang), "missing translation")
            self.string(value[lang], _join(path, lang))
        for key in value.keys() - set(LANGUAGES):
            raise self.fail(_join(path, str(key)), "is not a supported language (id, en)")
        return Text(id=value["id"].strip(), en=value["en"].strip())

    def listing(self, value: Any, path: str, item: Callable[[Any, str], T]) -> list[T]:
        if not isinstance(value, list) or not value:
            raise self.fail(path, "must be a non-empty list")
        return [item(entry, f"{path}[{n}]") for n, entry in enumerate(value)]

    def named_texts(self, value: Any, path: str) -> Mapping[str, Text]:
        if not isinstance(value, dict) or not value:
            raise self.fail(path, "must be a non-empty mapping of codes to texts")
        return MappingProxyType(
            {self.string(k, path): self.text(v, _join(path, str(k))) for k, v in value.items()}
        )

    # -- the set ------------------------------------------------------------------------------

    def indicator_set(self, data: Any) -> IndicatorSet:
        top = self.mapping(data, "", _TOP_KEYS, _TOP_KEYS)
        flags = self.flag_texts(top["flags"])
        applicability = self.named_texts(top["applicability"], "applicability")
        for key in applicability:
            if key not in APPLICABILITY_CONDITIONS:
                raise self.fail(f"applicability.{key}", "is not a condition washfit knows (known: "
                                + ", ".join(APPLICABILITY_CONDITIONS) + ")")
        areas = self.named_texts(top["service_areas"], "service_areas")
        items = self.cost_items(top["cost_items"])
        domains = self.listing(
            top["domains"], "domains",
            lambda d, p: self.domain(d, p, flags, applicability, areas, items),
        )
        self.unique([d.code for d in domains], "domains", "code", "domain")
        indicators = [i for d in domains for i in d.indicators]
        self.unique_indicators(domains)
        codes = {i.code for i in indicators}
        rules = self.listing(top["jmp_rules"], "jmp_rules", lambda r, p: self.jmp_rule(r, p, areas, codes))
        self.unique([r.area for r in rules], "jmp_rules", "area", "JMP service area")
        source = self.mapping(top["source"], "source", {"citation", "licence"}, _SOURCE_KEYS)
        return IndicatorSet(
            id=self.string(top["id"], "id"),
            edition=self.string(str(top["edition"]), "edition"),
            version=self.string(str(top["version"]), "version"),
            title=self.text(top["title"], "title"),
            source=MappingProxyType({k: self.string(str(v), f"source.{k}") for k, v in source.items()}),
            flags=flags,
            applicability=applicability,
            service_areas=areas,
            cost_items=MappingProxyType({i.code: i for i in items}),
            domains=tuple(domains),
            jmp_rules=tuple(rules),
        )

    def flag_texts(self, value: Any) -> Mapping[str, Text]:
        """The set's flags, with renamed flags under their current name."""
        texts = self.named_texts(value, "flags")
        renamed = {FLAG_ALIASES.get(code, code): text for code, text in texts.items()}
        if len(renamed) != len(texts):
            raise self.fail("flags", "lists a flag under its old and its new name (gender_equity is gedsi)")
        return MappingProxyType(renamed)

    def unique(self, codes: list[str], path: str, field: str, what: str) -> None:
        seen: set[str] = set()
        for n, code in enumerate(codes):
            if code in seen:
                raise self.fail(f"{path}[{n}].{field}", f"duplicate {what} code {code!r}")
            seen.add(code)

    def unique_indicators(self, domains: list[Domain]) -> None:
        seen: set[str] = set()
        for d, domain in enumerate(domains):
            for n, indicator in enumerate(domain.indicators):
                if indicator.code in seen:
                    raise self.fail(
                        f"domains[{d}].indicators[{n}].code",
                        f"duplicate indicator code {indicator.code!r}",
                    )
                seen.add(indicator.code)

    def cost_items(self, value: Any) -> list[CostItem]:
        items = self.listing(value, "cost_items", self.cost_item)
        self.unique([i.code for i in items], "cost_items", "code", "cost item")
        return items

    def cost_item(self, value: Any, path: str) -> CostItem:
        keys = {"code", "name", "unit", "cost", "source", "year", "estimate"}
        self.mapping(value, path, keys, keys | {"region", "kind"})
        kind = value.get("kind", "material")
        if kind not in COST_KINDS:
            raise self.fail(f"{path}.kind", f"must be one of {', '.join(COST_KINDS)}")
        if not isinstance(value["estimate"], bool):
            raise self.fail(f"{path}.estimate", "must be true or false")
        return CostItem(
            code=self.string(value["code"], f"{path}.code"),
            name=self.text(value["name"], f"{path}.name"),
            unit=self.text(value["unit"], f"{path}.unit"),
            cost=self.whole_number(value["cost"], f"{path}.cost", 0),
            source=self.string(value["source"], f"{path}.source"),
            year=self.whole_number(value["year"], f"{path}.year", 1990),
            estimate=value["estimate"],
            region=self.string(value["region"], f"{path}.region") if "region" in value else "",
            kind=kind,
        )

    def domain(
        self,
        value: Any,
        path: str,
        flags: Mapping[str, Text],
        applicability: Mapping[str, Text],
        areas: Mapping[str, Text],
        items: list[CostItem],
    ) -> Domain:
        self.mapping(value, path, {"code", "name", "indicators"}, {"code", "name", "short", "indicators"})
        code = self.string(value["code"], f"{path}.code")
        item_codes = {i.code for i in items}
        indicators = self.listing(
            value["indicators"], f"{path}.indicators",
            lambda i, p: self.indicator(i, p, code, flags, applicability, areas, item_codes),
        )
        short = self.text(value["short"], f"{path}.short") if "short" in value else None
        return Domain(code=code, name=self.text(value["name"], f"{path}.name"), indicators=tuple(indicators),
                      short=short)

    def indicator(
        self,
        value: Any,
        path: str,
        domain: str,
        flags: Mapping[str, Text],
        applicability: Mapping[str, Text],
        areas: Mapping[str, Text],
        item_codes: set[str],
    ) -> Indicator:
        self.mapping(value, path, {"code", "text", "applies_to", "actions"}, _INDICATOR_KEYS)
        raw_flags = value.get("flags", []) or []
        if not isinstance(raw_flags, list):
            raise self.fail(f"{path}.flags", "must be a list")
        raw_flags = [FLAG_ALIASES.get(flag, flag) if isinstance(flag, str) else flag for flag in raw_flags]
        for n, flag in enumerate(raw_flags):
            self.known(flag, f"{path}.flags[{n}]", flags, "flag")
        if "essential" in raw_flags and "advanced" in raw_flags:
            raise self.fail(f"{path}.flags", "an indicator is essential or advanced, not both")
        replaces = value.get("replaces", []) or []
        if not isinstance(replaces, list):
            raise self.fail(f"{path}.replaces", "must be a list of indicator codes of the earlier version")
        replaces = [self.string(code, f"{path}.replaces[{n}]") for n, code in enumerate(replaces)]
        applies_to = self.known(value["applies_to"], f"{path}.applies_to", applicability, "applicability")
        area = value.get("service_area")
        if area is not None:
            self.known(area, f"{path}.service_area", areas, "service area")
        levels = value.get("levels")
        return Indicator(
            code=self.string(value["code"], f"{path}.code"),
            domain=domain,
            text=self.text(value["text"], f"{path}.text"),
            flags=frozenset(raw_flags),
            applies_to=applies_to,
            service_area=area,
            actions=tuple(self.listing(
                value["actions"], f"{path}.actions", lambda a, p: self.action(a, p, item_codes)
            )),
            levels=None if levels is None else self.levels(levels, f"{path}.levels"),
            replaces=tuple(dict.fromkeys(replaces)),
        )

    def levels(self, value: Any, path: str) -> Levels:
        self.mapping(value, path, set(_LEVELS), set(_LEVELS))
        return Levels(*(self.text(value[k], f"{path}.{k}") for k in _LEVELS))

    def action(self, value: Any, path: str, item_codes: set[str]) -> Action:
        self.mapping(value, path, {"text", "items"}, {"text", "items"})
        return Action(
            text=self.text(value["text"], f"{path}.text"),
            items=tuple(self.listing(value["items"], f"{path}.items", lambda i, p: self.action_item(i, p, item_codes))),
        )

    def action_item(self, value: Any, path: str, item_codes: set[str]) -> ActionItem:
        self.mapping(value, path, {"item", "quantity"}, {"item", "quantity"})
        item = self.known(value["item"], f"{path}.item", item_codes, "cost item")
        return ActionItem(item=item, quantity=self.whole_number(value["quantity"], f"{path}.quantity", 1))

    def jmp_rule(self, value: Any, path: str, areas: Mapping[str, Text], codes: set[str]) -> JmpRule:
        self.mapping(value, path, {"area", "basic", "limited"}, {"area", "basic", "limited", ADVANCED})
        area = self.known(value["area"], f"{path}.area", areas, "service area")
        if area not in JMP_CRITERIA:
            raise self.fail(f"{path}.area", f"the JMP has no criteria for service area {area!r}")
        basic, limited = (self.jmp_rung(value[rung], _join(path, rung), area, rung, codes) for rung in JMP_RUNGS)
        for name in JMP_CRITERIA[area]["basic"]:
            if criterion_code(area, "basic", name) not in {c.code for c in basic}:
                raise self.fail(f"{path}.basic", f"leaves out the JMP criterion {name!r}: basic needs every one")
        advanced = value.get(ADVANCED)
        return JmpRule(
            area=area, basic=basic, limited=limited,
            advanced=() if advanced is None else self.jmp_rung(advanced, f"{path}.{ADVANCED}", area, ADVANCED, codes),
        )

    def jmp_rung(self, value: Any, path: str, area: str, rung: str, codes: set[str]) -> tuple[JmpCriterion, ...]:
        """A rung's criteria: a mapping of criterion names to the scores that satisfy each."""
        if isinstance(value, dict) and value.keys() & {"all", "any", "min"}:
            raise self.fail(path, "uses the old form (all or any, with min), which does not name the JMP criteria: "
                                  "list each criterion with its indicator scores (docs/indicator-set-format.md)")
        if not isinstance(value, dict) or not value:
            raise self.fail(path, "must be a non-empty mapping of criteria to the scores that satisfy them")
        return tuple(self.jmp_criterion(body, _join(path, str(name)), area, rung, name, codes)
                     for name, body in value.items())

    def jmp_criterion(
        self, value: Any, path: str, area: str, rung: str, name: Any, codes: set[str]
    ) -> JmpCriterion:
        district_defined = rung == ADVANCED
        if not district_defined:
            self.known(name, path, set(JMP_CRITERIA[area][rung]), f"JMP criterion of {area} {rung}")
        required = {"scores", "text"} if district_defined else {"scores"}
        self.mapping(value, path, required, required | {"note"})
        scores = value["scores"]
        if not isinstance(scores, dict) or not scores:
            raise self.fail(f"{path}.scores", "must map indicator codes to the scores that satisfy the criterion")
        note = value.get("note")
        return JmpCriterion(
            code=criterion_code(area, rung, self.string(name, path)),
            scores=tuple((self.known(code, f"{path}.scores.{code}", codes, "indicator"),
                          self.accepted_scores(accepted, f"{path}.scores.{code}"))
                         for code, accepted in scores.items()),
            note="" if note is None else self.string(note, f"{path}.note"),
            text=self.text(value["text"], f"{path}.text") if district_defined else None,
        )

    def accepted_scores(self, value: Any, path: str) -> frozenset[int]:
        """1, 2 or both: a score of 0 (does not meet) never satisfies a criterion."""
        if not isinstance(value, list) or not value:
            raise self.fail(path, "must be a list of the scores that satisfy the criterion (1, 2)")
        for n, score in enumerate(value):
            if isinstance(score, bool) or score not in (1, 2):
                raise self.fail(f"{path}[{n}]", f"must be 1 or 2, not {score!r}")
        if len(set(value)) != len(value):
            raise self.fail(path, "lists a score twice")
        return frozenset(value)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
