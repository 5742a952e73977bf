"""The SQLAlchemy side of the bot: engine, ORM tables, repositories, unit of work, migrations."""
