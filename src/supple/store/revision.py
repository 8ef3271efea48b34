"""The newest schema revision, kept apart so reading it imports nothing heavy."""

# The newest Alembic revision. A test checks it against the scripts, so that a database
# already at HEAD can skip Alembic (and its import) on start.
HEAD = "0004"
