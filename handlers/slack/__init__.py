"""The Slack adapter: Bolt listeners, Block Kit rendering and the outbox sender."""
