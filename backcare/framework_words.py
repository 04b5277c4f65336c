"""typer's own words in help and usage errors. typer looks them up through gettext's domain,
which backcare points at its catalog for a run in another language; they are listed here
so that pybabel extracts them into that catalog. Nothing imports this module."""

from backcare.language import N_

TYPER_WORDS = (
    N_("Options"),
    N_("Commands"),
    N_("Arguments"),
    N_("required"),
    N_("default: {default}"),
    N_("[default: {}]"),
    N_("[required]"),
    N_("(dynamic)"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("Aborted!"),
    N_("Aborted."),
    N_("Error"),
    N_("Try [blue]'{command_path} {help_option}'[/] for help."),
)
