"""Rasa custom actions (rasa-sdk). They speak through response names and call the
back-office service functions; they never write SQL themselves.

The action endpoint is served by the app itself at ``/actions/webhook``
(:mod:`actions.server`), or standalone with ``python -m actions.server``.
"""
