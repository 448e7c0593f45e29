"""Rasa 3.6 without its per-call waste, installed when Rasa loads the halo channel
(bot/channels/halo_rest.py, named in bot/credentials.yml), so every way Rasa is started
here (app/launcher.py for ``make run`` and the e2e tests, deploy/rasa/entrypoint.sh,
scripts/rasa_timed.py) gets it.

- **The action answer's check**: ``RemoteAction._validate_action_result`` calls
  ``jsonschema.validate``, which checks Rasa's large response schema against its
  meta-schema and builds a new validator on every custom-action call (about 35 ms a call on
  this machine, 19% of a turn). Here the schema is checked and its validator built once per
  schema; each answer is still validated against the same schema, and an invalid one raises
  the same ``jsonschema.ValidationError`` (the best match, with Rasa's hint appended).
"""

from __future__ import annotations

from typing import Any

_installed = False
_validators: dict[type, Any] = {}  # per action class (its static response schema)


def _validator(action: Any) -> Any:
    """The validator of the action's response schema, built (and the schema checked) the
    first time an action of that class answers."""
    found = _validators.get(type(action))
    if found is None:
        from jsonschema.validators import validator_for

        schema = action.action_response_format_spec()
        cls = validator_for(schema)
        cls.check_schema(schema)
        found = _validators[type(action)] = cls(schema)
    return found


def validate_action_result(self: Any, result: dict[str, Any]) -> bool:
    """``RemoteAction._validate_action_result`` with a validator built once (same schema,
    same error, same message)."""
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    error = best_match(_validator(self).iter_errors(result))
    if error is not None:
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def install() -> None:
    """Patch Rasa once (idempotent: a later call keeps what wraps the patched method)."""
    global _installed
    if _installed:
        return
    from rasa.core.actions.action import RemoteAction

    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    _installed = True
