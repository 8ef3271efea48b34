"""Alembic's environment for supple's store: runs on the connection open_store hands it."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from supple.store.engine import make_engine, migrating
from supple.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_on(connection: Connection) -> None:
    """Run the migrations on an open connection."""
    # Batch mode, because SQLite can change a table only by copying it.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Migrate through the connection migrate() passed in, or one made from the URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    # Reached from the alembic command line, where nothing hands us a connection.
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    try:
        # As migrate() does: SQLite's table rebuilds must not cascade deletes.
        with migrating(engine) as conn:
            run_on(conn)
    finally:
        engine.dispose()


def run_offline() -> None:
    """Write the migration SQL instead of running it (alembic upgrade --sql)."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
