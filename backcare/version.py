"""backcare's version: a leaf, so the content cache and the CLI can name it without importing
anything else."""

__version__ = "0.1.0"
