"""The domain's ids as a person reads them: `ice`, `urgent`, `improving`.

The state file and the JSON keep the ids; screens, handouts and messages say these words,
in the person's language."""

from backcare.language import N_, _

KIND_WORDS = {"ice": N_("ice"), "heat": N_("heat")}
LEVEL_WORDS = {"emergency": N_("emergency"), "urgent": N_("urgent"), "soon": N_("soon"),
               "self-care": N_("self-care")}
TREND_WORDS = {"improving": N_("improving"), "steady": N_("steady"),
               "worsening": N_("worsening")}


def kind_word(kind: str) -> str:
    """'ice' or 'heat' as a person reads it; the state file and the JSON keep the id."""
    return _(KIND_WORDS[kind]) if kind in KIND_WORDS else kind


def level_word(level: str) -> str:
    """A level (`urgent`) as a person reads it; the state file and the JSON keep the id."""
    return _(LEVEL_WORDS[level]) if level in LEVEL_WORDS else level


def trend_word(trend: str) -> str:
    """A pain trend (`improving`) as a person reads it; the JSON keeps the id."""
    return _(TREND_WORDS[trend]) if trend in TREND_WORDS else trend
