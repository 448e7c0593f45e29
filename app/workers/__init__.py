"""Processes of their own for a deployment (``python -m app.workers.<name>``)."""
