"""The stable JSON documents. Shapes are versioned by their `schema` string."""

from __future__ import annotations

import json
from datetime import UTC
from typing import TYPE_CHECKING, Any

from backcare import language
from backcare.keeping import standing_signs
from backcare.language import N_, _
from backcare.medication import medicine_named
from backcare.records import plain

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence
    from datetime import datetime

    from backcare.assessment import AdviceGroup, Assessment, Finding, Item, SafetyLine, Triage
    from backcare.content import Content
    from backcare.course import Status
    from backcare.episode import (
        Application,
        Dose,
        Episode,
        MovementSession,
        PainEntry,
        ReasonRef,
        SavedCheck,
    )
    from backcare.medication import NameOnly, Standing
    from backcare.movement import SessionPlan

CHECK_SCHEMA = "backcare.check/1"
MOVE_SCHEMA = "backcare.move/1"


def lang() -> str:
    """The language of a document's words, beside its `schema`: ids and enums stay English."""
    return language.current().lang


def item_payload(item: Item) -> dict[str, Any]:
    title = {"title": item.title} if item.title else {}
    return {"id": item.id, **title, "text": item.text, "source": item.source,
            "because": item.because}


def group_payload(group: AdviceGroup) -> dict[str, Any]:
    return {"tier": group.tier, "title": group.title,
            "items": [item_payload(i) for i in group.items]}


def triage_payload(t: Triage) -> dict[str, Any]:
    return {
        "level": t.level,
        "banner": t.banner,
        "action": t.action,
        "reasons": [{"id": r.id, "level": r.level, "text": r.text, "source": r.source,
                     "because": r.because} for r in t.reasons],
    }


def finding_payload(finding: Finding | None) -> dict[str, Any] | None:
    if finding is None:
        return None
    return {"level": finding.level, "found_at": _time(finding.found_at),
            "reasons": [{"id": r.id, "level": r.level, "text": r.text} for r in finding.reasons]}


def signs_payload(signs: tuple[datetime, list[ReasonRef]] | None) -> dict[str, Any] | None:
    if signs is None:
        return None
    first, refs = signs
    return {"level": refs[0].level, "found_at": _time(first),
            "reasons": [{"id": r.id, "level": r.level} for r in refs]}


def safety_net_payload(lines: list[SafetyLine]) -> list[dict[str, Any]]:
    return [{"id": n.id, "level": n.level, "text": n.text, "source": n.source} for n in lines]


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def answers_payload(result: Assessment | SavedCheck) -> dict[str, Any]:
    a = result.answers
    return {
        "red_flags": a.red_flags,
        "symptoms": a.symptoms,
        "triggers": a.triggers,
        "conditions": a.conditions,
        "pain": a.pain,
        "age": a.age,
        "onset": a.onset.isoformat() if a.onset else None,
        "onset_range": a.onset_range,
        "onset_earliest": _iso(a.onset_earliest),
        "where": a.where,
        "ruled_out": a.ruled_out,
    }


def saved_check_payload(check: SavedCheck) -> dict[str, Any]:
    return {
        "assessed_at": check.assessed_at.isoformat(),
        "level": check.level,
        "reasons": [plain(r) for r in check.reasons],
        "advice": check.advice,
        "cautions": check.cautions,
        "safety_net": check.safety_net,
        "answers": answers_payload(check),
        "content_version": check.content_version,
    }


def assessment_payload(result: Assessment) -> dict[str, Any]:
    return {
        "assessed_at": result.assessed_at.isoformat(),
        "triage": triage_payload(result.triage),
        "window": plain(result.window) if result.window else None,
        "advice": [group_payload(g) for g in result.advice],
        "cautions": [item_payload(c) for c in result.cautions],
        "safety_net": safety_net_payload(result.safety_net),
        "standing_finding": finding_payload(result.finding),
        "notes": result.notes,
        "answers": answers_payload(result),
    }


def clinic_payload(content: Content) -> dict[str, Any]:
    c = content.clinic
    return {"name": c.name, "phone": c.phone, "emergency_number": c.emergency_number,
            "contact": c.fill(c.contact)}


def check_payload(result: Assessment, content: Content) -> dict[str, Any]:
    return {"schema": CHECK_SCHEMA, "lang": lang(), **assessment_payload(result),
            "clinic": clinic_payload(content)}


STATUS_SCHEMA = "backcare.status/1"
HISTORY_SCHEMA = "backcare.history/2"
NO_EPISODE = N_("No open episode. Start one with 'backcare start' (or 'backcare start --ago 6h').")


def _time(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


def application_payload(a: Application) -> dict[str, Any]:
    return {"kind": a.kind, "at": a.at.isoformat(), "minutes": a.minutes,
            "planned_minutes": a.planned_minutes, "warnings": a.warnings}


def session_plan_payload(plan: SessionPlan, content: Content) -> dict[str, Any]:
    """`move --json`: today's movements, with the stop rule."""
    return {"schema": MOVE_SCHEMA, "lang": lang(), "day": plan.day, "gentler": plan.gentler,
            "movements": [plain(m) for m in plan.movements], "notes": plan.notes,
            "stop_rule": content.say("move-stop-rule"),
            "stop_signs": [{"id": s.id, "label": s.label} for s in content.stop_signs
                           if s.id in plan.stop_signs]}


def movement_payload(m: MovementSession) -> dict[str, Any]:
    return {"at": m.at.isoformat(), "minutes": m.minutes, "movements": m.movements,
            "pain_before": m.pain_before, "pain_after": m.pain_after, "stopped": m.stopped or None,
            "stop_signs": m.stop_signs, "gentler": m.gentler}


def pain_payload(p: PainEntry) -> dict[str, Any]:
    return {"at": p.at.isoformat(), "score": p.score, "note": p.note, "where": p.where,
            "ruled_out": p.ruled_out}


def status_payload(current: Status | None, now: datetime,
                   counting: Sequence[Standing] = ()) -> dict[str, Any]:
    """`status --json`; with no open episode, `counting` are the doses of the episode ended
    last that still count."""
    if current is None:
        return {"schema": STATUS_SCHEMA, "lang": lang(), "now": now.isoformat(), "episode": None,
                "phase": None,
                "hours_since_onset": None, "recommendation": None,
                "next_application_at": None, "next_reminder_at": None,
                "last_application": None,
                "pain": {"latest": None, "trend": None, "by_day": []}, "where": [],
                "next_movement_at": None, "movement_paused": None, "movement": [],
                "escalation": None, "safety_net": [], "standing_finding": None,
                "seen_at": None, "cautions": [], "screened": None, "message": _(NO_EPISODE),
                "doses": [standing_payload(s, now) for s in counting]}
    e = current.episode
    esc = current.escalation
    return {
        "schema": STATUS_SCHEMA,
        "lang": lang(),
        "now": now.isoformat(),
        "episode": {"id": e.id, "onset": e.onset.isoformat(), "ended_at": _time(e.ended_at),
                    "onset_known": e.onset_known,
                    "onset_earliest": _iso(e.onset_earliest)},
        "phase": current.phase,
        "hours_since_onset": current.hours_since_onset,
        "recommendation": (plain(current.recommendation)
                           if current.recommendation else None),
        "next_application_at": _time(current.next_application_at),
        "next_reminder_at": _time(current.next_reminder_at),
        "last_application": (application_payload(current.last_application)
                             if current.last_application else None),
        "pain": {
            "latest": pain_payload(current.pain_latest) if current.pain_latest else None,
            "trend": current.pain_trend,
            "by_day": [{"day": d, "average": avg} for d, avg in current.pain_by_day],
        },
        "where": current.where,
        "next_movement_at": _time(current.next_movement_at),
        "movement_paused": current.movement_paused or None,
        "movement": [movement_payload(m) for m in e.movement],
        "escalation": {
            **triage_payload(esc.triage),
            "advanced_care": [group_payload(g) for g in esc.advanced_care],
            "recheck": esc.recheck,
        },
        "safety_net": safety_net_payload(esc.safety_net),
        "standing_finding": finding_payload(esc.finding),
        "seen_at": _time(e.seen_at),
        "cautions": [item_payload(c) for c in current.cautions],
        "screened": current.screened,
        "message": current.window_note,
        "doses": [standing_payload(s, now) for s in current.doses],
    }


def episode_payload(e: Episode) -> dict[str, Any]:
    return {
        "id": e.id,
        "onset": e.onset.isoformat(),
        "ended_at": _time(e.ended_at),
        "onset_known": e.onset_known,
        "onset_earliest": _iso(e.onset_earliest),
        "checks": [saved_check_payload(c) for c in e.checks],
        "seen": [{"at": s.at.isoformat(), "note": s.note} for s in e.seen],
        "standing_finding": signs_payload(standing_signs(e.checks, e.seen)),
        "applications": [application_payload(a) for a in e.applications],
        "pain": [pain_payload(p) for p in e.pain],
        "doses": [{"at": d.at.isoformat(), "medicine": d.medicine, "mg": d.mg, "note": d.note}
                  for d in e.doses],
        "movement": [movement_payload(m) for m in e.movement],
    }


def history_lines(episodes: Iterable[Episode]) -> Iterator[str]:
    """`history --json`, one episode at a time, so a long history is never all in memory."""
    yield (f'{{\n  "schema": "{HISTORY_SCHEMA}",\n  "lang": {json.dumps(lang())},\n'
           '  "episodes": [')
    first = True
    for e in episodes:
        text = json.dumps(episode_payload(e), indent=2, ensure_ascii=False)
        yield ("" if first else ",") + "\n" + "\n".join("    " + line
                                                       for line in text.splitlines())
        first = False
    yield ("\n  ]" if not first else "]") + "\n}\n"


DOSES_SCHEMA = "backcare.doses/1"


def doses_document(episode: Episode | None, found: list[Standing], named: list[NameOnly],
                   content: Content, now: datetime) -> dict[str, Any]:
    """`doses --json`: each medicine's standing at `now`, those known by name only, and
    every dose of the episode."""
    return {"schema": DOSES_SCHEMA, "lang": lang(), "now": now.isoformat(),
            "episode": episode.id if episode is not None else None,
            "medicines": [standing_payload(s, now) for s in found],
            "by_name_only": [name_only_payload(n) for n in named],
            "doses": [dose_payload(d, content) for d in episode.doses]
            if episode is not None else []}


def name_only_payload(named: NameOnly) -> dict[str, Any]:
    return {
        "id": named.medicine.id, "name": named.medicine.name, "nsaid": named.medicine.nsaid,
        "total_24h_mg": named.total_mg, "ruled_out": named.limits.avoid,
        "last_dose": None if named.last is None else {
            "at": _time(named.last.at), "mg": named.last.mg, "note": named.last.note},
        "other_nsaid": None if named.other_nsaid is None else {
            "medicine": named.other_nsaid.medicine, "at": _time(named.other_nsaid.at)},
        "cautions": [c.id for c in [*named.limits.ruling, *named.limits.asking]],
    }


def standing_payload(stand: Standing, now: datetime) -> dict[str, Any]:
    medicine = stand.medicine
    applies = stand.limits.applies
    return {
        "id": medicine.id, "name": medicine.name, "nsaid": medicine.nsaid,
        "total_24h_mg": stand.total_mg,
        "max_daily_mg": stand.max_daily_mg,
        "per_dose_max_mg": medicine.per_dose_max_mg if applies else None,
        "limits_apply": applies, "ruled_out": stand.limits.avoid,
        "last_dose": None if stand.last is None else {
            "at": _time(stand.last.at), "mg": stand.last.mg, "note": stand.last.note},
        "next_allowed": (_time(stand.next_at) if stand.next_at is not None
                         and not stand.warned else None),
        "allowed_now": stand.allowed_now(now),
        "days_used": stand.days, "max_days": stand.max_days,
        "over_daily": stand.over_daily, "over_per_dose": stand.over_dose,
        "not_adult_dose": stand.child_dose, "over_child_doses": stand.child_count,
        "at_lower_limit": stand.at_lower_limit, "ruled_out_taken": stand.ruled_out,
        "other_nsaid": None if stand.other_nsaid is None else {
            "medicine": stand.other_nsaid.medicine, "at": _time(stand.other_nsaid.at)},
        "cautions": [c.id for c in [*stand.limits.ruling, *stand.limits.asking]],
    }


def dose_payload(dose: Dose, content: Content) -> dict[str, Any]:
    return {"at": _time(dose.at), "medicine": dose.medicine,
            "name": medicine_named(content, dose.medicine),
            "mg": dose.mg, "note": dose.note}
