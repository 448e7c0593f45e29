"""Operator commands.

Usage:
  python -m app.cli create-staff USERNAME --role agent|supervisor|admin [--dinas CODE]
      (password from HALO_NEW_PASSWORD or asked interactively)
  python -m app.cli purge
      (delete or anonymise what is older than HALO_PRIVACY_RETENTION_DAYS; the app also
      runs it every HALO_PRIVACY_PURGE_INTERVAL_S)
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from sqlmodel import Session

from app.config import get_settings
from app.db import make_engine, migrate
from app.models import StaffRole
from app.services import personal_data
from app.services.staff import create_staff


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    cs = sub.add_parser("create-staff", help="create a staff account")
    cs.add_argument("username")
    cs.add_argument("--role", choices=[r.value for r in StaffRole], default="agent")
    cs.add_argument("--name", default="")
    cs.add_argument("--dinas", default=None)
    sub.add_parser("purge", help="retention purge (UU PDP): delete or anonymise old data")
    args = parser.parse_args(argv)

    settings = get_settings()
    engine = make_engine(settings)
    migrate(engine)
    if args.command == "purge":
        counts = personal_data.purge(engine, settings)
        print(" ".join(f"{k}={v}" for k, v in counts.items()))
    if args.command == "create-staff":
        password = os.environ.get("HALO_NEW_PASSWORD") or getpass.getpass("Password: ")
        with Session(engine) as session:
            user = create_staff(
                session,
                username=args.username,
                password=password,
                role=StaffRole(args.role),
                full_name=args.name,
                dinas_code=args.dinas,
            )
        print(f"created {user.role} {user.username} (id {user.id})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
