"""Fact tables per article: the LLM extractor (through a prompt template and instructor), the
rule-based extractor, and their merge. Every fact leaves here grounded against its article."""

from __future__ import annotations

import time
from typing import Literal

from pydantic import BaseModel, Field

from .. import deadline
from ..check.grounding import ground_facts, verify
from ..errors import ArticleTimeout, ModelError
from ..facts import rules
from ..facts.dates import date_value
from ..facts.numbers import number_value
from ..language.text import text_value
from ..model.client import Meter, ModelClient
from ..model.prompts import PromptTemplate, load_template
from ..models import Article, Fact, FactKind, FactTable, Provenance

EXTRACT_TEMPLATE = "extract_facts"
MAX_FACTS = 12
CHUNK_CHARS = 12_000

Extractor = Literal["llm", "rules", "all"]


class ExtractedFact(BaseModel):
    """One fact as the model states it (no offsets: grounding finds them).

    `evidence` comes first: with grammar-constrained decoding the model copies the sentence
    before it states the fact, which keeps small models close to the text.
    """

    evidence: str = Field(
        description="One sentence copied exactly from the article", json_schema_extra={"maxLength": 400}
    )
    kind: Literal["quote", "number", "date", "event", "claim", "withheld"]
    subject: str = Field(
        description="Quote: what it is about; number: what is counted; date: the event it dates",
        json_schema_extra={"maxLength": 80},
    )
    attribute: str = Field(
        description="Number: what happened to the counted (killed, injured); withheld: date, number or details",
        json_schema_extra={"maxLength": 60},
    )
    value: str = Field(
        description="The value: quoted words, number, date or statement", json_schema_extra={"maxLength": 300}
    )
    speaker: str | None = Field(
        default=None,
        description="Quote or claim: who said it (a name, a role such as 'a ministry spokeswoman', or a group)",
        json_schema_extra={"maxLength": 80},
    )
    speaker_mention: str | None = Field(
        default=None,
        description="Quote or claim: the words naming the source where it stands, when not the name (he, the senator)",
        json_schema_extra={"maxLength": 80},
    )
    previous: str | None = Field(
        default=None,
        description="Number: the earlier value of the same count, when the article gives one",
        json_schema_extra={"maxLength": 40},
    )


class ExtractedFacts(BaseModel):
    """The model's answer: the facts of one article."""

    facts: list[ExtractedFact] = Field(json_schema_extra={"maxItems": MAX_FACTS})


def chunks(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Split long text at paragraph breaks into (offset, chunk) pieces, one paragraph of overlap."""
    if len(text) <= limit:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            cut = text.rfind("\n", start + limit // 2, end)
            end = cut if cut > start else end
        pieces.append((start, text[start:end]))
        if end >= len(text):
            break
        overlap = text.rfind("\n", start, end - 1)
        start = overlap + 1 if overlap > start else end
    return pieces


def llm_facts(
    article: Article, client: ModelClient, template: PromptTemplate | None = None, meter: Meter | None = None
) -> list[Fact]:
    """Ask the model for the article's facts, chunk by chunk; ground them. `meter` counts what
    the calls cost, also when one fails."""
    template = template or load_template(EXTRACT_TEMPLATE)
    facts: list[Fact] = []
    for offset, piece in chunks(article.text):
        deadline.check()
        view = article.model_copy(update={"text": piece})
        messages = template.render(article=view, max_facts=MAX_FACTS)
        with deadline.paused():
            answer = client.structured(messages, ExtractedFacts, template=template.ref, meter=meter)
        for item in answer.facts:
            facts.append(_to_fact(article, item, len(facts) + 1, near=offset))
            if item.kind == "number" and item.previous:
                earlier = item.model_copy(update={"value": item.previous, "previous": None})
                facts.append(_to_fact(article, earlier, len(facts) + 1, near=offset, previous=True))
    seen: set[tuple[str, str]] = set()
    unique = []
    for fact in ground_facts(article, facts):
        key = (fact.kind.value, fact.evidence.text + fact.value)
        if key not in seen:
            seen.add(key)
            unique.append(fact)
    return unique


def _to_fact(article: Article, item: ExtractedFact, n: int, *, near: int, previous: bool = False) -> Fact:
    from ..models import Evidence

    attribute = item.attribute.strip() or "fact"
    kind = FactKind(item.kind)
    if kind is FactKind.withheld:  # what was not given: date, number or details, as the rules name it
        attribute = attribute.lower().removeprefix("withheld ").strip() or "details"
    normalized = None
    if kind is FactKind.number:
        normalized = number_value(item.value, unit=attribute.lower() if attribute != "fact" else None)
    elif kind is FactKind.date:
        normalized = date_value(item.value, article.published)
    if normalized is None:
        normalized = text_value(item.value)
    evidence = item.evidence
    if kind is FactKind.claim and item.value.strip() in evidence:
        # a statement's evidence is what was said, the content alone, as the rules give it:
        # grounding then finds its own offsets, and the two extractors' statements meet
        evidence = item.value.strip()
    mention = (item.speaker_mention or "").strip() or None
    return Fact(
        id=f"{article.id}:m{n:03d}",
        article_id=article.id,
        kind=kind,
        subject=item.subject.strip() or "unspecified",
        attribute=attribute,
        value=item.value.strip(),
        normalized=normalized,
        speaker=item.speaker,
        speaker_mention=mention if mention != item.speaker else None,
        previous=previous,
        evidence=Evidence(text=evidence, start=near or None),
        extractor="llm",
    )


def merge(rule_facts: list[Fact], model_facts: list[Fact]) -> list[Fact]:
    """Keep every rules fact; drop model facts that restate a rules fact of the same kind over
    the same span; flag model quotes and numbers the article words differently."""
    out = list(rule_facts)
    by_kind: dict[FactKind, list[Fact]] = {}
    for fact in rule_facts:
        by_kind.setdefault(fact.kind, []).append(fact)
    for fact in model_facts:
        twins = [r for r in by_kind.get(fact.kind, []) if _overlaps(r, fact)]
        same = [r for r in twins if _same_value(r, fact)]
        if same and fact.grounding.usable:
            other = _other_speaker(same[0], fact)
            if other is None:
                continue  # a restatement of a rules fact
            failure = f"the rules extractor credits these words to {other} ({same[0].id}), the model to {fact.speaker}"
            grounding = fact.grounding.model_copy(update={"failures": [*fact.grounding.failures, failure]})
            out.append(fact.model_copy(update={"grounding": grounding}))
            continue
        if same:
            out.append(fact)  # refused by grounding: kept, unusable, so the refusal and its reason show
            continue
        if twins and fact.kind in (FactKind.quote, FactKind.number):
            flag = f"the article words this as: {twins[0].value!r} ({twins[0].id})"
            fact = fact.model_copy(update={"flags": [*fact.flags, flag]})
        out.append(fact)
    return sorted(out, key=lambda f: (f.evidence.start if f.evidence.start is not None else 1 << 30, f.id))


def _other_speaker(rule: Fact, model: Fact) -> str | None:
    """The rules fact's speaker when the model credits the same quote or statement to someone
    else."""
    if rule.kind not in (FactKind.quote, FactKind.claim) or not rule.speaker or not model.speaker:
        return None
    from ..facts.names import is_role, name_tokens

    if is_role(rule.speaker) or is_role(model.speaker):
        return None  # "the coast guard" and its spokeswoman's name are not a disagreement
    a, b = name_tokens(rule.speaker), name_tokens(model.speaker)
    if a and b and a[-1] != b[-1]:
        return rule.speaker
    return None


def _overlaps(a: Fact, b: Fact) -> bool:
    if None in (a.evidence.start, a.evidence.end, b.evidence.start, b.evidence.end):
        return False
    return a.evidence.start < b.evidence.end and b.evidence.start < a.evidence.end  # type: ignore[operator]


def _same_value(a: Fact, b: Fact) -> bool:
    x, y = a.normalized, b.normalized
    if x and y and x.type == y.type == "number" and x.number is not None:
        # over the same words, the same count is the same fact, whatever each calls what it counts
        return x.number == y.number and a.previous == b.previous
    if a.normalized and b.normalized and a.normalized.type == b.normalized.type != "text":
        return a.normalized.text == b.normalized.text
    return text_value(a.value).text == text_value(b.value).text


def extract_table(
    article: Article,
    *,
    extractor: Extractor,
    client: ModelClient | None,
    template: PromptTemplate | None = None,
    timeout: float | None = None,
) -> FactTable:
    """The fact table of one article with the chosen extractor(s). A failed model call, or work
    past `timeout` seconds, is recorded in `error` with its provenance and usage; it does not raise."""
    started = time.perf_counter()
    try:
        with deadline.budget(timeout, article.source or article.id):
            return _extract_table(article, extractor=extractor, client=client, template=template, started=started)
    except ArticleTimeout as err:
        return FactTable(
            article_id=article.id,
            error=str(err),
            facts=[],
            provenance=Provenance(
                extractors=["rules", "llm"] if extractor == "all" else [extractor],
                seconds=round(time.perf_counter() - started, 3),
            ),
        )


def _extract_table(
    article: Article,
    *,
    extractor: Extractor,
    client: ModelClient | None,
    template: PromptTemplate | None,
    started: float,
) -> FactTable:
    notes: list[str] = []
    rule_facts = verify(article, rules.extract(article, notes)) if extractor in ("rules", "all") else []
    model_facts: list[Fact] = []
    meter = Meter()
    tmpl = None
    error = None
    if extractor in ("llm", "all"):
        if client is None:
            raise ValueError("the llm extractor needs a model client")
        tmpl = template or load_template(EXTRACT_TEMPLATE)
        try:
            model_facts = llm_facts(article, client, tmpl, meter)
        except ModelError as err:  # recorded on the table (and its cost on the meter); the rules facts stand
            error = str(err)
    facts = merge(rule_facts, model_facts) if rule_facts else model_facts
    return FactTable(
        article_id=article.id,
        error=error,
        facts=facts,
        notes=notes,
        provenance=Provenance(
            extractors=["rules", "llm"] if extractor == "all" else [extractor],
            model=client.model if client and tmpl else None,
            endpoint=client.provider if client and tmpl else None,
            template=tmpl.ref if tmpl else None,
            usage=meter.usage,
            seconds=round(time.perf_counter() - started, 3),
        ),
    )
