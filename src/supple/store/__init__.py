"""What happened: sessions, phases, pain, hurts and flags, screenings; SQLite by default.

Import Store and open_store from supple.store.db and the records from supple.store.models;
SQLAlchemy loads only when those are imported, so this package itself stays light.
"""

from __future__ import annotations

from .revision import HEAD

__all__ = ["HEAD"]
