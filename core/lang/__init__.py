"""The Indonesian language core: one place that reads what citizens type or say.

Used by the actions (forms), the back-office services, voice clean-up and the kiosk's rules.
Table-driven; every function takes free text (typed, colloquial, or transcribed speech) and
returns a canonical value or ``None``. Nothing here imports the rest of the project, so it also
runs inside the Rasa environment (Python 3.10).
"""
