"""The commands, one module per capability; `backcare.cli` lists them in order."""
