"""Microsoft Teams: the adapter between Teams activities and the neutral core."""
