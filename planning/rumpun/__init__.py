"""Rumpun sets and their analysis on a budget stage, by concern: the stage's lines
(`lines`), the presets (`presets`), overlaps and shared themes (`overlaps`), the
agency-link graph (`graph`), the measures of a set (`measures`), the suggestion
(`suggestion`) and similar names (`similar`). docs/rumpun.md explains the measures."""
