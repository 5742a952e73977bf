"""The platform-neutral core: no chat platform, no database library."""
