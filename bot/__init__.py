"""Facilitator: runs a cohort of leaders through a self-paced course together."""
