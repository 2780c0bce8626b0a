"""Satu Pintu: one-door public services and rumpun mapping for Indonesian regions."""
