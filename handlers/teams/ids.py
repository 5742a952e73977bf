"""Identifiers of the Teams adapter, in one place."""

PLATFORM = "teams"
