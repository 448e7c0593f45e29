"""The project's core: pure functions and types every layer may use. Imports nothing of ours.

- :mod:`core.lang`: the Indonesian language core (dates, times, durations, numbers, phones,
  NIK, ticket and booking codes, short answers such as yes / no / skip / "yang pertama").
"""
