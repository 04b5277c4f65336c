"""`backcare content`: the review sheet of the content and its translation."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from backcare import language, output
from backcare.commands.common import ClinicOpt, check_writable, load_content, write_file
from backcare.errors import InputError
from backcare.language import N_
from backcare.loader import shipped_content
from backcare.paths import clinic_override, data_dir
from backcare.render.review_pages import FORMATS, render
from backcare.review import catalog_pairs, sheet
from backcare.scenarios import scenario_pairs
from backcare.translation import read_about


def content(
    fmt: Annotated[str | None, typer.Option(
        "--format", metavar="html|md", show_default=False,
        help=N_("Output format; default from the file name, else md."))] = None,
    out: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", show_default=False,
        help=N_("Write to FILE instead of stdout."))] = None,
    clinic: ClinicOpt = None,
) -> None:
    if fmt is None:
        fmt = "html" if out is not None and out.suffix.lower() in (".html", ".htm") else "md"
    elif fmt not in FORMATS:
        raise InputError(language._("unknown --format {name!r}; valid: {names}").format(
            name=fmt, names=", ".join(FORMATS)))
    if out is not None:
        check_writable(out)
    lang = language.current().lang
    translated = load_content(clinic)
    english = shipped_content(clinic or clinic_override(), language.ENGLISH)
    if lang == language.ENGLISH:
        built = sheet(english, english, lang, "English", None,
                      scenario_pairs(english, lang), [])
    else:
        about = read_about(data_dir(), lang)
        built = sheet(english, translated, lang, about.name, about.review,
                      scenario_pairs(english, lang),
                      catalog_pairs(language.catalog_file(lang, ".po")))
    text = render(built, translated, fmt)
    if out is None:
        sys.stdout.write(text)
        return
    write_file(out, text)
    output.message(language._("Wrote {path}.").format(path=out))
