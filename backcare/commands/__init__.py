"""The commands, one module per capability; `backcare.cli` lists them in order.

These modules do not use `from __future__ import annotations`: typer reads the signature
of the command that runs at every start-up, and real annotations cost it less than
strings. Names imported only for type checking are written in quotes.
"""
