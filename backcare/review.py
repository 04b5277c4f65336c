"""The clinic's review sheet: every content item once, its English beside its translation,
grouped as a person meets them on the checklist and the result, with the translation's
review status. Built from the loaded content, so it shows exactly what is said; only
which items are stale is read from the translation's files, as the content shows their
English."""

from pathlib import Path
from typing import Any, NamedTuple

from backcare.content import Content
from backcare.language import N_
from backcare.paths import data_dir
from backcare.translation import TRANSLATED_FIELDS, Review, fingerprint, stale_items

STALE = N_("The English has changed since this was translated: until it is translated "
           "again, the screens show the English.")
CHANGED = N_("Changed since the review: not yet reviewed.")


class SheetItem(NamedTuple):
    """One content item: each of its texts, English beside the translation."""

    id: str
    source: str
    """The source's id, or "" for wording that cites none (the questions)."""
    texts: list[tuple[str, str, str]]
    """(field, English, translation) for each text the item has."""
    level: str = ""
    """A warning sign's level, as the checklist orders them."""
    key: str = ""
    """`section.id`, as stamps and the review record name a content item; "" for the
    texts that are not content items (the clinic's, the scenarios', the catalog's)."""
    marks: tuple[str, ...] = ()
    """Catalog messages, translated by the renderer: `STALE`, `CHANGED`."""


class Group(NamedTuple):
    title: str
    """A catalog message: the renderer translates it."""
    name: str
    """Filled into the title: a tier's own title."""
    items: list[SheetItem]


class Sheet(NamedTuple):
    lang: str
    name: str
    review: Review | None
    """None for English, which is the original."""
    groups: list[Group]


CHECKLIST = (
    (N_("Checklist: warning signs"), ("red_flags",)),
    (N_("Checklist: where it hurts"), ("regions", "muscles")),
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
    (N_("Medicines"), ("medicines", "uncounted")),
    (N_("Guided movement"), ("stop_signs", "movements")),
)


def _items(english: list[Any], translated: list[Any], section: str) -> list[SheetItem]:
    items = []
    for en, tr in zip(english, translated, strict=True):
        texts = [(f, getattr(en, f), getattr(tr, f)) for f in TRANSLATED_FIELDS[section]
                 if getattr(en, f)]
        items.append(SheetItem(en.id, getattr(en, "source", ""), texts, getattr(en, "level", "")
                          if section == "red_flags" else "", f"{section}.{en.id}"))
    return items


def _groups(english: Content, translated: Content,
            titled: tuple[tuple[str, tuple[str, ...]], ...]) -> list[Group]:
    return [Group(title, "", [item for section in sections for item in _items(
        getattr(english, section), getattr(translated, section), section)])
        for title, sections in titled]


def sheet(english: Content, translated: Content, lang: str, name: str,
          review: Review | None, scenarios: list[tuple[str, str, str, str]],
          messages: list[tuple[str, str]], folder: Path | None = None) -> Sheet:
    """`scenarios` are (id, field, English, translation); `messages` the interface
    catalog's (English, translation) pairs; `folder` the content folder the translation
    was read from, the shipped data/ by default."""
    q_en, q_tr = english.questions, translated.questions
    questions = [SheetItem(f"questions.{f}", "", [("", getattr(q_en, f), getattr(q_tr, f))],
                      key=f"questions.{f}") for f in q_en.__struct_fields__]
    groups = [Group(N_("Checklist: the questions"), "", questions),
              *_groups(english, translated, CHECKLIST)]
    for tier_en, tier_tr in zip(english.tiers, translated.tiers, strict=True):
        pairs = [(a, b) for a, b in zip(english.advice, translated.advice, strict=True)
                 if a.tier == tier_en.id]
        items = [SheetItem(tier_en.id, "", [("title", tier_en.title, tier_tr.title)],
                      key=f"tiers.{tier_en.id}")]
        items += _items([a for a, _b in pairs], [b for _a, b in pairs], "advice")
        groups.append(Group(N_("Result: {tier}"), tier_tr.title, items))
    groups += _groups(english, translated, AFTER_ADVICE)
    clinic_en, clinic_tr = english.clinic, translated.clinic
    by_scenario: dict[str, list[tuple[str, str, str]]] = {}
    for scenario_id, field, en, tr in scenarios:
        by_scenario.setdefault(scenario_id, []).append((field, en, tr))
    groups += [
        Group(N_("Clinic profile"), "",
              [SheetItem("clinic", clinic_en.source,
                    [("contact", clinic_en.contact, clinic_tr.contact)])]),
        Group(N_("Demo scenarios"), "",
              [SheetItem(i, "", texts) for i, texts in by_scenario.items()]),
        Group(N_("Screen wording (message catalog)"), "",
              [SheetItem("", "", [("", en, tr)]) for en, tr in messages]),
    ]
    if review is not None:
        groups = _marked(groups, english, lang, review, folder)
    return Sheet(lang, name, review, [g for g in groups if g.items])


def reviewed_fingerprint(item: SheetItem) -> str:
    """The item as a reviewer sees it: each text's English and its translation."""
    return fingerprint((field, text) for field, en, tr in item.texts for text in (en, tr))


def reviewed_fingerprints(built: Sheet) -> dict[str, dict[str, str]]:
    """What a review of this sheet records: each content item's fingerprint, by section
    and id."""
    record: dict[str, dict[str, str]] = {}
    for group in built.groups:
        for item in group.items:
            if item.key:
                section, item_id = item.key.split(".", 1)
                record.setdefault(section, {})[item_id] = reviewed_fingerprint(item)
    return record


def _marked(groups: list[Group], english: Content, lang: str, review: Review,
            folder: Path | None) -> list[Group]:
    """Each stale item marked, and once a clinician has reviewed the translation, each
    item that is not as they saw it."""
    if folder is None:

        folder = data_dir()
    stale = {s.key for s in stale_items(english, folder, lang)}
    seen = {f"{section}.{i}": fp for section, ids in review.fingerprints.items()
            for i, fp in ids.items()}

    def marks(item: SheetItem) -> tuple[str, ...]:
        if not item.key:
            return ()
        changed = bool(review.reviewed_by) and seen.get(item.key) != reviewed_fingerprint(item)
        return (STALE,) * (item.key in stale) + (CHANGED,) * changed

    return [group._replace(items=[item._replace(marks=marks(item)) for item in group.items])
            for group in groups]


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
