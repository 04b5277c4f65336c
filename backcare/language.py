"""The language a person reads: which one, its message catalog, and how dates and numbers
look in it.

Interface wording is marked in the code with `_()` and translated by a gettext catalog,
`data/locale/<lang>/LC_MESSAGES/backcare.mo`; content wording is translated by the files
in `data/<lang>/`. English needs neither, so an English run loads nothing extra.

The lowest layer: it imports nothing of backcare's but the paths. What each language is
called and where its readers live comes from its translation file, read by the content
layer above; whoever starts the run hands that reader to `describe_languages`.
"""

import os
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from backcare.paths import data_dir

if TYPE_CHECKING:
    from gettext import GNUTranslations

ENGLISH = "en"
DOMAIN = "backcare"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


class LanguageChoice(NamedTuple):
    lang: str
    """The language: `en`, `es`."""
    locale: str
    """The locale its dates and numbers follow: the language, or the region the person's
    locale names for it (`es_MX`)."""
    chosen: bool
    """Asked for by `--lang` or `BACKCARE_LANG`, so a clinic's default gives way to it."""


class Described(NamedTuple):
    """A language as its translation file describes it."""

    name: str
    """The language's name in itself: `Español`."""
    locale: str
    """The region of its readers (`es_US`), or empty."""


class _State:
    choice = LanguageChoice(ENGLISH, ENGLISH, False)
    describe: "Callable[[str], Described] | None" = None
    catalog: "GNUTranslations | None" = None
    """None for English: an English run never imports gettext."""
    bound = False
    catalogs: "dict[str, GNUTranslations]" = {}


def describe_languages(describe: "Callable[[str], Described]") -> None:
    """How to read a language's name and region: from its translation file, by the layer
    that reads content. Set once when a run starts, before a language is chosen."""
    _State.describe = describe


def _described(lang: str) -> Described:
    if _State.describe is None:
        raise RuntimeError("describe_languages() was not called")
    return _State.describe(lang)


def catalog_file(lang: str, suffix: str = ".mo", folder: Path | None = None) -> Path:
    """`data/locale/<lang>/LC_MESSAGES/backcare.mo` (or the `.po` translators edit)."""
    return (folder or data_dir()) / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def _catalog(lang: str) -> "GNUTranslations":
    """A language's compiled catalog, read once per run (the kiosk asks for it per person)."""
    if lang not in _State.catalogs:
        import gettext

        with catalog_file(lang).open("rb") as fh:
            _State.catalogs[lang] = gettext.GNUTranslations(fh)
    return _State.catalogs[lang]


def available(folder: Path | None = None) -> tuple[str, ...]:
    """English, then each language that has both content and an interface catalog."""
    folder = folder or data_dir()
    found = sorted(p.parent.name for p in folder.glob("*/translation.toml")
                   if catalog_file(p.parent.name, folder=folder).is_file())
    return (ENGLISH, *found)


def _tag(value: str) -> tuple[str, str]:
    """`es_MX.UTF-8` -> (`es`, `es_MX`); `es` -> (`es`, `es`); `C` -> (`c`, `c`)."""
    base = value.split(".")[0].split("@")[0].replace("-", "_")
    lang = base.split("_")[0].lower()
    region = base[len(lang) + 1:].upper() if "_" in base else ""
    return lang, f"{lang}_{region}" if region else lang


def requested(args: Sequence[str]) -> str | None:
    """The value of `--lang` on a command line, wherever it is given."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang":
            return args[i + 1] if i + 1 < len(args) else ""
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


class UnknownLanguage(ValueError):
    pass


def choose(flag: str | None, environ: Mapping[str, str],
           languages: Callable[[], Sequence[str]]) -> LanguageChoice:
    """`--lang`, then `BACKCARE_LANG`, then the locale variables, then English. A language
    asked for by name must exist; a locale naming one backcare lacks means English.
    `languages` lists them, asked only when a language other than English is named."""
    if flag is not None and not flag.strip():
        raise UnknownLanguage(flag)  # `--lang=`: asked for none by name
    for asked in (flag, environ.get("BACKCARE_LANG")):
        if not asked or not asked.strip():
            continue
        lang = _tag(asked.strip())[0]
        if lang != ENGLISH and lang not in languages():
            raise UnknownLanguage(asked)
        return LanguageChoice(lang, _locale_for(lang, environ), True)
    for name in LOCALE_VARIABLES:
        value = environ.get(name)
        if value:
            lang = _tag(value)[0]
            if lang not in (ENGLISH, "c", "posix") and lang in languages():
                return LanguageChoice(lang, _locale_for(lang, environ), False)
            break  # the first one set is the person's locale, as in the C library
    return LanguageChoice(ENGLISH, ENGLISH, False)


def _locale_for(lang: str, environ: Mapping[str, str]) -> str:
    """The region of the person's locale where it is of this language (`es_MX`), else the
    region the translation names for its readers (`es_US`: a decimal point)."""
    for name in LOCALE_VARIABLES:
        value = environ.get(name)
        if value:
            tag_lang, tag = _tag(value)
            if tag_lang == lang:
                return tag
            break
    if lang == ENGLISH:
        return lang
    return _described(lang).locale or lang


def chosen_in_session(lang: str) -> LanguageChoice:
    """A language picked on the screen (the kiosk), with the region of the locale."""
    return LanguageChoice(lang, _locale_for(lang, os.environ), True)


def name_of(lang: str) -> str:
    """The language's name in itself, as a person looks for it: `English`, `Español`."""
    if lang == ENGLISH:
        return "English"
    return _described(lang).name


def in_each(message: str) -> str:
    """A message in every language backcare speaks, for the question that chooses one."""
    said = [message if lang == ENGLISH else _catalog(lang).gettext(message)
            for lang in available()]
    return " / ".join(dict.fromkeys(said))


def use(choice: LanguageChoice) -> None:
    """Speak this language from now on: backcare's catalog, and click's and typer's own
    wording (help headings, usage errors), which they look up through gettext's domain."""
    _State.choice = choice
    if choice.lang == ENGLISH:
        _State.catalog = None
        if _State.bound:  # back from another language (the kiosk's next person)
            os.environ["LANGUAGE"] = ENGLISH
        return
    import gettext

    _State.catalog = _catalog(choice.lang)
    gettext.bindtextdomain(DOMAIN, str(data_dir() / "locale"))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = choice.lang
    _State.bound = True


def current() -> LanguageChoice:
    return _State.choice


def _(message: str) -> str:
    """A message of the interface, in the person's language."""
    catalog = _State.catalog
    return message if catalog is None else catalog.gettext(message)


def N_(message: str) -> str:
    """Marks a message for the catalog where it is defined; `_()` translates it where shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    catalog = _State.catalog
    if catalog is None:
        return singular if n == 1 else plural
    return catalog.ngettext(singular, plural, n)


def shown_time(moment: datetime) -> str:
    """A moment as a person reads it, in their own time zone: 'Fri 27 Nov 14:00',
    'vie 27 nov 14:00'."""
    local = moment.astimezone()
    if _State.choice.lang == ENGLISH:
        return local.strftime("%a %d %b %H:%M")
    from babel.dates import format_datetime

    return str(format_datetime(local, _("EEE d MMM HH:mm"), locale=_State.choice.locale))


def number(value: float, places: int = 1) -> str:
    """A number with at most `places` decimals: '4.5', '4,5'."""
    if _State.choice.lang == ENGLISH:
        return f"{round(value, places):g}"
    from babel.numbers import format_decimal

    return str(format_decimal(round(value, places), locale=_State.choice.locale))


def grouped(value: float) -> str:
    """A figure as the person's language writes it, thousands grouped: '4,000', '4.000',
    '1,104.5'."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if _State.choice.lang == ENGLISH:
        return f"{value:,}"
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=_State.choice.locale))


def decimal_mark() -> str:
    """The mark the person's language writes between a number's whole part and its
    decimals: '.' in English, ',' in Spanish."""
    if _State.choice.lang == ENGLISH:
        return "."
    from babel.numbers import get_decimal_symbol

    return str(get_decimal_symbol(_State.choice.locale))
