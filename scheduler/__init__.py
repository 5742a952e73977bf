"""Scheduled work: jobs derived from the database, run by APScheduler."""
