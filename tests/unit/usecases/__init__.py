"""Use cases run against hand-written fakes of the core's ports: no database, no network."""
