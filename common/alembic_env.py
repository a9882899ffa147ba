"""What each app's migrations/env.py runs: migrations on the connection common.migrate passes."""

from alembic import context


def run_migrations() -> None:
    config = context.config
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=config.attributes["target_metadata"],
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        version_table=config.attributes["version_table"],
    )
    with context.begin_transaction():
        context.run_migrations()
