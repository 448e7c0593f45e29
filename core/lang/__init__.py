"""The Indonesian language core: one place that reads what citizens type or say.

Used by the actions (forms), the back-office services, voice clean-up and the kiosk's rules.
Table-driven; every function takes free text (typed, colloquial, or transcribed speech) and
returns a canonical value or ``None``. Nothing here imports the rest of the project, so it also
runs inside the Rasa environment (Python 3.10).

- :mod:`core.lang.text`: ``normalise`` (lower case, punctuation, colloquial spellings folded),
  ``clauses``;
- :mod:`core.lang.answers`: ``yes_no``, ``is_skip``, ``is_cancel``, ``is_thanks``,
  ``is_whatever``, ``is_earliest``, ``pick_choice``, ``privacy_choice``;
- :mod:`core.lang.numbers`: ``parse_number``, ``find_number``, ``digits_from_speech``;
- :mod:`core.lang.ids`: ``find_phone``, ``to_e164``, ``find_nik``, ``valid_nik``,
  ``find_ticket_code``, ``find_booking_code``;
- :mod:`core.lang.when`: ``find_date``, ``find_time`` (``TimeFound``), ``scan_time``,
  ``find_duration_minutes``, ``find_people``, ``PERIODS``, ``DEFAULT_HOUR``, ``WhenError``,
  ``format_date``, ``format_time``.

The word tables are data in ``core/lang/data/`` (short answers, core spellings) and the
project's lexicon ``bot/components/colloquial_id.txt``.
"""
