"""Synthetic multi-outlet news for benchmarks: many events, each covered by several outlets,
with the variation real coverage shows (transliterated names, rounded numbers with qualifiers,
quotes worded differently, relative and absolute dates). Deterministic for a given seed."""

from __future__ import annotations

import datetime as dt
import random

from summarizer.facts.dates import date_value
from summarizer.facts.numbers import number_value
from summarizer.models import Article, Evidence, Fact, FactKind, FactTable, Grounding, GroundingStatus, Provenance

GIVEN = ["Mustafa", "Olena", "Jean", "Aung", "Ngozi", "Pedro", "Yuki", "Amina", "Lars", "Fatima", "Dmitri", "Chen"]
SURNAMES = [
    ("Kadhimi", "Khadimi", "Kadhemi"),
    ("Zelenska", "Zelenskaya", "Zelenska"),
    ("Dupont", "Dupond", "Dupont"),
    ("Kyaw", "Kyaw", "Kyawe"),
    ("Okonjo", "Okonjo", "Okonjo-Iweala"),
    ("Sanchez", "Sánchez", "Sanches"),
    ("Tanaka", "Tanaka", "Tanaka"),
    ("Diallo", "Diallo", "Dialo"),
    ("Larsen", "Larsson", "Larsen"),
    ("Haddad", "Hadad", "Haddad"),
    ("Peskov", "Peskow", "Peskov"),
    ("Wei", "Wei", "Way"),
]
NOUNS = ["troops", "people", "homes", "refugees", "vehicles", "schools", "workers", "flights", "arrests", "votes"]
VERBS = ["said", "told reporters", "added", "stressed"]
SYLLABLES = "ba ko ri mu sel tan vor pe li da gru nes tho wa ki lo fen mar sto quo".split()
VOCABULARY = sorted({a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES[:8]})  # 3,200 words
GLUE = "we will the and of to our has not in for".split()


def _fact(
    article_id: str, n: int, kind: FactKind, text_parts: list[str], sentence: str, evidence: str, **fields
) -> Fact:
    start = sum(len(p) + 1 for p in text_parts) + sentence.index(evidence)
    return Fact(
        id=f"{article_id}:s{n:03d}",
        article_id=article_id,
        kind=kind,
        evidence=Evidence(text=evidence, start=start, end=start + len(evidence)),
        grounding=Grounding(status=GroundingStatus.exact),
        extractor="rules",
        **fields,
    )


def corpus(
    n_articles: int, facts_per_article: int = 50, *, outlets_per_event: int = 20, seed: int = 0
) -> tuple[list[Article], list[FactTable]]:
    """`n_articles` articles about n_articles / outlets_per_event events."""
    rnd = random.Random(seed)
    articles, tables = [], []
    for i in range(n_articles):
        event = i // outlets_per_event
        ev = random.Random(event)  # what is true of the event, shared by its outlets
        people = [(ev.choice(GIVEN), ev.randrange(len(SURNAMES))) for _ in range(5)]
        figures = [(ev.choice(NOUNS), ev.randrange(10, 50_000)) for _ in range(8)]
        day = dt.date(2024, 1, 1) + dt.timedelta(days=ev.randrange(300))
        article_id = f"e{event:04d}-o{i % outlets_per_event:02d}"
        parts: list[str] = []
        facts: list[Fact] = []
        while len(facts) < facts_per_article:
            n = len(facts) + 1
            roll = rnd.random()
            if roll < 0.2:
                given, s = rnd.choice(people)
                name = f"{given} {rnd.choice(SURNAMES[s])}"
                said = random.Random(event * 1000 + rnd.randrange(6))  # one of the event's six quotes
                words = [said.choice(VOCABULARY) if k % 2 else said.choice(GLUE) for k in range(14)]
                if rnd.random() < 0.3:
                    words = words[:5] + [rnd.choice(["surely", "now", "also"])] + words[5:]
                quote = " ".join(words).capitalize()
                sentence = f"“{quote},” {name} {rnd.choice(VERBS)} in event {event}."
                facts.append(
                    _fact(
                        article_id,
                        n,
                        FactKind.quote,
                        parts,
                        sentence,
                        quote,
                        subject=name,
                        attribute="said",
                        value=quote,
                        speaker=name,
                    )
                )
            elif roll < 0.45:
                noun, value = rnd.choice(figures)
                qualifier = rnd.choice([None, "about", "more than", None])
                shown = round(value, -2) if qualifier else value
                if rnd.random() < 0.1:
                    shown = int(shown * 1.5)  # an outlet with a different figure
                number = f"{shown:,}"
                said = f"{qualifier} {number}" if qualifier else number
                sentence = f"Officials counted {said} {noun} after the flood in district {event}."
                facts.append(
                    _fact(
                        article_id,
                        n,
                        FactKind.number,
                        parts,
                        sentence,
                        said,
                        subject=noun,
                        attribute=noun.rstrip("s"),
                        value=said,
                        normalized=number_value(number, qualifier=qualifier, unit=noun.rstrip("s")),
                    )
                )
            elif roll < 0.6:
                when = rnd.choice([day.strftime("%d %B %Y"), day.strftime("%B %d, %Y"), "Monday"])
                sentence = f"The talks on district {event} will resume on {when} in the capital."
                facts.append(
                    _fact(
                        article_id,
                        n,
                        FactKind.date,
                        parts,
                        sentence,
                        when,
                        subject=f"talks on district {event}",
                        attribute="date",
                        value=when,
                        normalized=date_value(when, day + dt.timedelta(days=3)),
                    )
                )
            else:
                given, s = rnd.choice(people)
                name = f"{given} al-{rnd.choice(SURNAMES[s])}" if s == 0 else f"{given} {rnd.choice(SURNAMES[s])}"
                sentence = f"Minister {name} visited district {event}."
                facts.append(
                    _fact(
                        article_id,
                        n,
                        FactKind.entity,
                        parts,
                        sentence,
                        name,
                        subject=name,
                        attribute="person",
                        value=name,
                    )
                )
            parts.append(sentence)
        articles.append(Article(id=article_id, text="\n".join(parts)))
        tables.append(FactTable(article_id=article_id, facts=facts, provenance=Provenance(extractors=["synthetic"])))
    return articles, tables
