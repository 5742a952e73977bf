"""Builders of the neutral messages the bot sends."""
