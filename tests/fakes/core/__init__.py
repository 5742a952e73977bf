"""Hand-written fakes of the core's own ports: an in-memory unit of work and its
repositories, a recording sender, a directory and charts. No database, no network."""
