"""The clinic's review sheet: every content item once, its English beside its translation,
grouped as a person meets them on the checklist and the result, with the translation's
review status. Built from the loaded content alone, so it shows exactly what is said."""

from pathlib import Path
from typing import Any, NamedTuple

from backcare.content import Content
from backcare.language import N_
from backcare.translation import WORDS, Review


class Item(NamedTuple):
    """One content item: each of its texts, English beside the translation."""

    id: str
    source: str
    """The source's id, or "" for wording that cites none (the questions)."""
    texts: list[tuple[str, str, str]]
    """(field, English, translation) for each text the item has."""
    level: str = ""
    """A warning sign's level, as the checklist orders them."""


class Group(NamedTuple):
    title: str
    """A catalog message: the renderer translates it."""
    name: str
    """Filled into the title: a tier's own title."""
    items: list[Item]


class Sheet(NamedTuple):
    lang: str
    name: str
    review: Review | None
    """None for English, which is the original."""
    groups: list[Group]


CHECKLIST = (
    (N_("Checklist: warning signs"), ("red_flags",)),
    (N_("Checklist: when it started"), ("onsets",)),
    (N_("Checklist: what set it off"), ("triggers",)),
    (N_("Checklist: symptoms"), ("symptoms",)),
    (N_("Checklist: health conditions"), ("conditions",)),
    (N_("Result: what to do, by level"), ("levels",)),
)
"""The groups before the advice tiers, in the order a person meets them, by section."""

AFTER_ADVICE = (
    (N_("Result: cautions"), ("cautions",)),
    (N_("Result: if it gets worse"), ("safety_net",)),
    (N_("Result: why a check routes up"), ("rules",)),
    (N_("Ice and heat clock"), ("phases", "messages")),
)


def _items(english: list[Any], translated: list[Any], section: str) -> list[Item]:
    items = []
    for en, tr in zip(english, translated, strict=True):
        texts = [(f, getattr(en, f), getattr(tr, f)) for f in WORDS[section] if getattr(en, f)]
        items.append(Item(en.id, getattr(en, "source", ""), texts, getattr(en, "level", "")
                          if section == "red_flags" else ""))
    return items


def _groups(english: Content, translated: Content,
            titled: tuple[tuple[str, tuple[str, ...]], ...]) -> list[Group]:
    return [Group(title, "", [item for section in sections for item in _items(
        getattr(english, section), getattr(translated, section), section)])
        for title, sections in titled]


def sheet(english: Content, translated: Content, lang: str, name: str,
          review: Review | None, scenarios: list[tuple[str, str, str, str]],
          messages: list[tuple[str, str]]) -> Sheet:
    """`scenarios` are (id, field, English, translation); `messages` the interface
    catalog's (English, translation) pairs."""
    q_en, q_tr = english.questions, translated.questions
    questions = [Item(f"questions.{f}", "", [("", getattr(q_en, f), getattr(q_tr, f))])
                 for f in q_en.__struct_fields__]
    groups = [Group(N_("Checklist: the questions"), "", questions),
              *_groups(english, translated, CHECKLIST)]
    for tier_en, tier_tr in zip(english.tiers, translated.tiers, strict=True):
        pairs = [(a, b) for a, b in zip(english.advice, translated.advice, strict=True)
                 if a.tier == tier_en.id]
        items = [Item(tier_en.id, "", [("title", tier_en.title, tier_tr.title)])]
        items += _items([a for a, _b in pairs], [b for _a, b in pairs], "advice")
        groups.append(Group(N_("Result: {tier}"), tier_tr.title, items))
    groups += _groups(english, translated, AFTER_ADVICE)
    clinic_en, clinic_tr = english.clinic, translated.clinic
    by_scenario: dict[str, list[tuple[str, str, str]]] = {}
    for scenario_id, field, en, tr in scenarios:
        by_scenario.setdefault(scenario_id, []).append((field, en, tr))
    groups += [
        Group(N_("Clinic profile"), "",
              [Item("clinic", clinic_en.source,
                    [("contact", clinic_en.contact, clinic_tr.contact)])]),
        Group(N_("Demo scenarios"), "",
              [Item(i, "", texts) for i, texts in by_scenario.items()]),
        Group(N_("Screen wording (message catalog)"), "",
              [Item("", "", [("", en, tr)]) for en, tr in messages]),
    ]
    return Sheet(lang, name, review, [g for g in groups if g.items])


def catalog_pairs(po_file: Path) -> list[tuple[str, str]]:
    """Each interface message and its translation, in the catalog's order."""
    from babel.messages.pofile import read_po

    with po_file.open("rb") as fh:
        catalog = read_po(fh)
    pairs = []
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            pairs += list(zip(message.id, list(message.string or ()), strict=False))
        else:
            pairs.append((str(message.id), str(message.string)))
    return pairs
