"""Bring the database schema to the newest Alembic revision of every branch, then exit.

The deployment's migration step (compose service ``migrate``, the Helm chart's pre-install /
pre-upgrade Job) runs it before the app starts; the app's own start-up runs the same
``app.db.migrate`` and finds nothing left to do. Reads HALO_DATABASE_URL like the app.

Usage: python scripts/migrate.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.config import get_settings
from app.db import make_engine, migrate


def main() -> int:
    engine = make_engine(get_settings())
    try:
        migrate(engine)
        print(f"schema up to date ({engine.dialect.name})", flush=True)
    finally:
        engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
