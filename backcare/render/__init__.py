"""Screens. Renderers only lay out what the core decided; they decide nothing."""
