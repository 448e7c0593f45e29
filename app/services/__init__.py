"""Service functions shared by every entry point (chat actions, console, Open311, CLI)."""
