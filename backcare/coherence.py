"""The proofs that content is coherent: every id and source named exists, every text the
program needs is there, and no item shown can recommend what a caution or the phase shown
beside it rules out. Run on every load, and on every read of the cached copy."""

from backcare.content import (
    LEVELS,
    MEDICINE_FIGURE,
    AdviceItem,
    BackMap,
    Caution,
    Content,
    Related,
    Sourced,
    When,
)
from backcare.content_files import FILES
from backcare.language import N_, _


def problems(content: Content) -> list[str]:
    """What the files say that does not fit together: unknown ids and sources, missing
    texts, and any item that could be shown beside what rules it out. Checked when the
    files are loaded, and again each time the cached copy is read."""
    problems: list[str] = []
    source_ids = {s.id for s in content.sources}
    answer_ids = {
        "red_flags": {r.id for r in content.red_flags},
        "symptoms": {s.id for s in content.symptoms},
        "triggers": {t.id for t in content.triggers},
        "conditions": {c.id for c in content.conditions},
        "rules": {r.id for r in content.rules},
    }
    tier_ids = {t.id for t in content.tiers}
    named: list[tuple[str, list[str]]] = [
        ("sources", [s.id for s in content.sources]),
        ("red_flags", [r.id for r in content.red_flags]),
        ("symptoms", [s.id for s in content.symptoms]),
        ("triggers", [t.id for t in content.triggers]),
        ("conditions", [c.id for c in content.conditions]),
        ("onsets", [o.id for o in content.onsets]),
        ("regions", [r.id for r in content.regions]),
        ("muscles", [m.id for m in content.muscles]),
        ("advice", [a.id for a in content.advice]),
        ("cautions", [c.id for c in content.cautions]),
        ("safety_net", [n.id for n in content.safety_net]),
        ("rules", [r.id for r in content.rules]),
        ("medicines", [m.id for m in [*content.medicines, *content.uncounted]]),
        ("stop_signs", [s.id for s in content.stop_signs]),
        ("movements", [m.id for m in content.movements]),
    ]
    for kind, ids in named:
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            problems.append(_("{file}: {section}: duplicate id {ids}").format(
                file=_file(kind), section=kind, ids=", ".join(dupes)))
    sourced: list[tuple[str, Sourced]] = [
        *(("red_flags", r) for r in content.red_flags),
        *(("symptoms", s) for s in content.symptoms),
        *(("triggers", t) for t in content.triggers),
        *(("conditions", c) for c in content.conditions),
        *(("regions", r) for r in content.regions),
        *(("muscles", m) for m in content.muscles),
        ("back_map", content.back_map),
        *(("levels", lv) for lv in content.levels),
        *(("advice", a) for a in content.advice),
        *(("cautions", c) for c in content.cautions),
        *(("safety_net", n) for n in content.safety_net),
        *(("phases", p) for p in content.phases),
        *(("messages", m) for m in content.messages),
        *(("rules", r) for r in content.rules),
        *(("medicines", m) for m in content.medicines),
        *(("uncounted", m) for m in content.uncounted),
        ("window", content.window),
        ("movement_plan", content.movement_plan),
        *(("stop_signs", s) for s in content.stop_signs),
        *(("movements", m) for m in content.movements),
    ]
    for medicine in content.medicines:
        if medicine.child_source is not None and medicine.child_source not in source_ids:
            problems.append(_("{item}: unknown source {source}").format(
                item=_item("medicines", medicine.id), source=repr(medicine.child_source)))
    for kind, item in sourced:
        if item.source not in source_ids:
            problems.append(_("{item}: unknown source {source}").format(
                item=_item(kind, item.id), source=repr(item.source)))
    problems += clinic_problems(content)
    for kind, item in sourced:
        when = getattr(item, "when", None)
        if not isinstance(when, When):
            continue
        for part, match in (("", when), ("all.", when.all), ("none.", when.none)):
            for field, known in answer_ids.items():
                for key in getattr(match, field):
                    if key not in known:
                        problems.append(_("{item}: when.{field} names unknown {key}").format(
                            item=_item(kind, item.id), field=part + field, key=repr(key)))
        for key in getattr(item, "withheld_for", []):
            if key not in answer_ids["conditions"]:
                problems.append(_("{item}: withheld_for names unknown condition {key}"
                                  ).format(item=_item(kind, item.id), key=repr(key)))
    for a in content.advice:
        for tier in a.tiers:
            if tier not in tier_ids:
                problems.append(_("{item}: unknown tier {tier}").format(
                    item=_item("advice", a.id), tier=repr(tier)))
    problems += _follow_up_problems(content)
    problems += _map_problems(content)
    problems += _movement_problems(content)
    problems += _medicine_problems(content)
    for text in content.levels:
        for key in text.for_conditions:
            if key not in answer_ids["conditions"]:
                problems.append(_("advice.toml: level text {id}: for_conditions names unknown "
                                  "condition {key}").format(id=repr(text.id), key=repr(key)))
        for key in text.for_reasons:
            if key not in answer_ids["rules"]:
                problems.append(_("advice.toml: level text {id}: for_reasons names unknown "
                                  "rule {key}").format(id=repr(text.id), key=repr(key)))
    for lv in LEVELS:
        if not any(t.level == lv and not t.for_conditions and not t.for_reasons
                   for t in content.levels):
            problems.append(_("advice.toml: levels: no text for level {level}").format(
                level=repr(lv)))
    for text in content.levels:
        for tier in text.tiers:
            if tier not in tier_ids:
                problems.append(_("advice.toml: level {level}: unknown tier {tier}").format(
                    level=repr(text.level), tier=repr(tier)))
    for ph in ("ice", "transition", "heat"):
        if not any(p.phase == ph for p in content.phases):
            problems.append(_("window.toml: phases: no text for phase {phase}").format(
                phase=repr(ph)))
    overdose = [i for m in content.medicines for i in (m.overdose, m.per_dose_overdose)]
    for message_id in dict.fromkeys([*REQUIRED_MESSAGES, *overdose]):
        if not any(m.id == message_id for m in content.messages):
            problems.append(_("window.toml: messages: missing message {id}").format(
                id=repr(message_id)))
    problems += _alternative_problems("advice", content.advice)
    problems += _alternative_problems("cautions", content.cautions)
    if not problems:
        problems += _conflicts(content)
    return problems


def _follow_up_problems(content: Content) -> list[str]:
    """Every warning sign asked again is one; every sign kept off the list in a terminal is
    asked as some answer's follow-up, so that no terminal can leave it unasked; and only a
    condition can be given by age."""
    problems = []
    flags = {r.id: r for r in content.red_flags}
    asked_again: set[str] = set()
    for kind, items in (("symptoms", content.symptoms), ("conditions", content.conditions)):
        for item in items:
            for key in item.ask_again_red_flags:
                asked_again.add(key)
                if key not in flags:
                    problems.append(_("{item}: ask_again_red_flags names unknown {key}").format(
                        item=_item(kind, item.id), key=repr(key)))
            if kind == "symptoms" and item.by_age:
                problems.append(_("{item}: only a condition can be given by age").format(
                    item=_item(kind, item.id)))
    conditions = {c.id for c in content.conditions}
    for rule in content.rules:
        if rule.level in ("urgent", "emergency") and not rule.label:
            problems.append(_("{item}: a rule that can stand as a warning sign needs a "
                              "`label` to name it by").format(item=_item("rules", rule.id)))
    for flag in content.red_flags:
        for key in flag.implies:
            if key not in conditions:
                problems.append(_("{item}: implies names unknown condition {key}").format(
                    item=_item("red_flags", flag.id), key=repr(key)))
        if flag.follow_up_only and flag.id not in asked_again:
            problems.append(_("{item}: follow_up_only, but no answer's ask_again_red_flags "
                              "names it, so a terminal would never ask it").format(
                                  item=_item("red_flags", flag.id)))
    return problems


def _map_problems(content: Content) -> list[str]:
    """Every place on the back map is drawn once, and names muscles, symptoms and warning
    signs that exist."""
    problems = []
    known = {"muscles": {m.id for m in content.muscles},
             "counts_as": {s.id for s in content.symptoms},
             "confirms": {r.id for r in content.red_flags}}
    for region in content.regions:
        for field, ids in known.items():
            for key in getattr(region, field):
                if key not in ids:
                    problems.append(_("{item}: {field} names unknown {key}").format(
                        item=_item("regions", region.id), field=field, key=repr(key)))
    for key in content.back_map.both_legs:
        if key not in known["confirms"]:
            problems.append(_("questions.toml: back_map: both_legs names unknown warning sign "
                              "{key}").format(key=repr(key)))
    marks = [int(n) for n in BackMap.MARK.findall(content.back_map.picture)]
    wanted = list(range(1, len(content.regions) + 1))
    if sorted(marks) != wanted:
        problems.append(_("questions.toml: back_map: the picture must mark each place once, "
                          "[1] to [{count}]").format(count=len(content.regions)))
    return problems


def _movement_problems(content: Content) -> list[str]:
    """Movements are withheld only for conditions that exist, each with the message that
    says why; day 1 offers at least one movement for everyone."""
    problems = []
    conditions = {c.id for c in content.conditions}
    messages = {m.id for m in content.messages}
    for movement in content.movements:
        for key in movement.withheld_for:
            if key not in conditions:
                problems.append(_("{item}: withheld_for names unknown condition {key}").format(
                    item=_item("movements", movement.id), key=repr(key)))
            elif f"move-withheld-{key}" not in messages:
                problems.append(_("window.toml: messages: missing message {id}").format(
                    id=repr(f"move-withheld-{key}")))
    if not any(m.from_day == 1 and not m.withheld_for for m in content.movements):
        problems.append(_("exercises.toml: movements: day 1 needs a movement withheld for "
                          "no one"))
    plan = content.movement_plan
    named = [("gentlest", plan.gentlest, {m.id for m in content.movements
                                          if m.from_day == 1 and not m.withheld_for}),
             ("for_places", plan.for_places, {r.id for r in content.regions}),
             ("gentlest_for", plan.gentlest_for, {s.id for s in content.symptoms}),
             ("also_sources", plan.also_sources, {s.id for s in content.sources})]
    for field, keys, known in named:
        for key in keys:
            if key not in known:
                problems.append(_("exercises.toml: movement_plan: {field} names unknown "
                                  "{key}").format(field=field, key=repr(key)))
    for sign in content.stop_signs:
        for key in sign.for_conditions:
            if key not in conditions:
                problems.append(_("{item}: for_conditions names unknown condition {key}"
                                  ).format(item=_item("stop_signs", sign.id), key=repr(key)))
    return problems


def _medicine_problems(content: Content) -> list[str]:
    """A text that gives a medicine's label figures recommends what those figures are, so
    that the proofs keep it away from a caution that rules them out; and every `{figure}`
    names a medicine's field."""
    problems = []
    figures = {key: m for m in content.medicines for key in m.figures()}
    prefixes = tuple(m.id.replace("-", "_") + "_" for m in content.medicines)
    texts: list[tuple[str, str, str, list[str]]] = [
        *(("advice", a.id, a.text, a.recommends) for a in content.advice),
        *(("cautions", c.id, c.text, c.recommends) for c in content.cautions),
        *(("safety_net", n.id, n.text, []) for n in content.safety_net),
        *(("red_flags", r.id, r.reason, []) for r in content.red_flags),
        *(("rules", r.id, r.reason, []) for r in content.rules),
    ]
    for kind, item_id, text, recommends in texts:
        for found in MEDICINE_FIGURE.findall(text):
            key = found[1:-1]
            medicine = figures.get(key)
            if medicine is None:
                if key.startswith(prefixes):
                    problems.append(_("{item}: {figure} is not a medicine's figure").format(
                        item=_item(kind, item_id), figure=found))
                continue
            missing = sorted({*medicine.recommends_as, "adult-dose"} - set(recommends))
            if missing:
                problems.append(_("{item} gives {figure}, so it must recommend {tokens}"
                                  ).format(item=_item(kind, item_id), figure=found,
                                           tokens=", ".join(missing)))
    return problems


def clinic_problems(content: Content) -> list[str]:
    """What the clinic profile says that does not fit the shipped files."""
    if content.clinic.source in {s.id for s in content.sources}:
        return []
    return [_("clinic: unknown source {source}").format(source=repr(content.clinic.source))]


def _alternative_problems(kind: str, items: list[AdviceItem] | list[Caution]) -> list[str]:
    """`instead` names an item of the same kind, in the same tiers, with no `when` of its
    own, and no chain of them runs in a circle."""
    problems = []
    by_id: dict[str, Related] = {i.id: i for i in items}
    for item in items:
        if item.instead is None:
            continue
        where = _item(kind, item.id)
        target = by_id.get(item.instead)
        if target is None:
            problems.append(_("{item}: instead names unknown {other}").format(
                item=where, other=repr(item.instead)))
            continue
        if not item.withheld_for:
            problems.append(_("{item}: instead needs withheld_for").format(item=where))
        if target.when != When():
            problems.append(_("{item}: shown instead of {other}, so it takes no `when` of its "
                              "own").format(item=_item(kind, target.id), other=repr(item.id)))
        if isinstance(item, AdviceItem) and isinstance(target, AdviceItem):
            missing = sorted(set(item.tiers) - set(target.tiers))
            if missing:
                problems.append(_("{item}: instead {other} is not in tier {tiers}").format(
                    item=where, other=repr(target.id), tiers=", ".join(missing)))
        seen = {item.id}
        step: Related | None = target
        while step is not None:
            if step.id in seen:
                problems.append(_("{item}: instead runs in a circle through {other}").format(
                    item=where, other=repr(step.id)))
                break
            seen.add(step.id)
            step = by_id.get(step.instead) if step.instead else None
    return problems


def _conflicts(content: Content) -> list[str]:
    """Prove that no item shown can recommend what a shown caution or phase rules out.

    A caution that rules something out (or asks first about it) must be selected by
    conditions alone; every item that recommends it must be withheld for each of those
    conditions, or for one every age it allows gives (under-12 by under-18). An item
    shown in another's place is selected by that one's `withheld_for`."""
    problems = []
    items: list[tuple[str, Related]] = [*(("advice", a) for a in content.advice),
                                        *(("cautions", c) for c in content.cautions)]
    chosen_by: dict[str, set[str]] = {}
    for caution in content.cautions:
        if caution.instead:
            chosen_by.setdefault(caution.instead, set()).update(caution.withheld_for)
    for caution in content.cautions:
        tests = [(t, RULES_OUT) for t in caution.rules_out]
        tests += [(t, ASKS_FIRST) for t in caution.asks_first]
        if not tests:
            continue
        need = chosen_by.get(caution.id)
        if need is None and caution.when.only_conditions:
            need = set(caution.when.conditions)
        if need is None:
            problems.append(_("{item}: a caution that rules something out or asks first must be "
                              "selected by conditions alone").format(
                                  item=_item("cautions", caution.id)))
            continue
        for token, verb in tests:
            for kind, item in items:
                if item is caution or token not in item.recommends:
                    continue
                if verb == ASKS_FIRST and token in item.asks_first:
                    continue
                missing = sorted(c for c in need if not set(
                    content.conditions_at([c], None)) & set(item.withheld_for))
                if missing:
                    problems.append(_(verb).format(
                        item=_item(kind, item.id), token=repr(token), caution=repr(caution.id),
                        conditions=", ".join(missing)))
    for phase in content.phases:
        for token in phase.rules_out:
            for kind, item in items:
                if token in item.recommends and (not item.when.phases or phase.phase in
                                                 item.when.phases or
                                                 "unknown" in item.when.phases):
                    problems.append(_(
                        "{item} recommends {token}, which the {phase} phase rules out: limit "
                        "its when.phases to others").format(
                            item=_item(kind, item.id), token=repr(token), phase=phase.phase))
    return problems


RULES_OUT = N_("{item} recommends {token}, which caution {caution} rules out: withhold it for "
               "{conditions}")
ASKS_FIRST = N_("{item} recommends {token}, which caution {caution} asks first about: withhold "
                "it for {conditions}")


def _file(section: str) -> str:
    return next((name for name, keys in FILES.items() if section in keys), "clinic.toml")


def _item(section: str, item_id: str) -> str:
    """An item as a loader problem names it: `advice.toml: advice item 'rest'`."""
    return _("{file}: {section} item {id}").format(file=_file(section), section=section,
                                                   id=repr(item_id))


REQUIRED_MESSAGES = ("wrap", "heat-in-ice-phase", "ice-in-heat-phase", "too-long", "too-soon",
                     "time-up", "stopped-early", "recheck", "onset-said", "onset-not-given",
                     "onset-unknown", "started-unknown", "saved-unknown", "window-unknown",
                     "onset-set", "onset-after-entries", "content-broken", "reason-retired",
                     "safety-net-title",
                     "emergency-standing", "no-plan-emergency", "no-reminders-emergency",
                     "finding-earlier", "not-screened", "seen-on", "cautions-title",
                     "since-title", "countdown-limit", "stopped-too-soon", "confirm-caution",
                     "screen-first", "seen-before-finding", "heat-before-seen",
                     "dose-total", "dose-total-no-figure", "dose-next", "dose-next-now",
                     "dose-over-daily", "dose-over-daily-no-figure", "dose-over-per-dose",
                     "dose-over-per-dose-no-figure", "dose-other-nsaid", "dose-ruled-out",
                     "dose-days", "dose-none", "dose-keeps-count", "dose-check-note",
                     "dose-not-counted", "dose-total-avoid", "dose-overdose-advice",
                     "dose-first-only", "dose-next-other", "dose-ruled-out-taken",
                     "dose-child-no-dose", "dose-child-over-dose", "dose-child-over-daily",
                     "dose-over-window", "dose-over-per-dose-within", "dose-at-lower-limit",
                     "dose-unknown-medicine", "dose-total-only")
