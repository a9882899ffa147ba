from alembic import context

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
