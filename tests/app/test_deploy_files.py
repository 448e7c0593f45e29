"""deploy/ stays in step with the code: every HALO_* variable the compose file and the Helm
chart give the app is a setting app/config.py reads, and the commands the images and the
chart run exist. (The tools' own checks of deploy/: make deploy-check.)"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import yaml

from app.config import ROOT_DIR, Settings

DEPLOY = ROOT_DIR / "deploy"
CHART = DEPLOY / "helm" / "halo-warga"
# read by Rasa (deploy/rasa/endpoints.yml, entrypoint.sh), not by the app
RASA_ONLY = {
    "HALO_POSTGRES_HOST",
    "HALO_POSTGRES_PORT",
    "HALO_POSTGRES_USER",
    "HALO_POSTGRES_PASSWORD",
    "HALO_POSTGRES_DB",
    "HALO_RASA_TRACKER_DB",
    "HALO_REDIS_HOST",
    "HALO_REDIS_PORT",
    "HALO_REDIS_PASSWORD",
    "HALO_RASA_LOCK_REDIS_DB",
    "HALO_RASA_PORT",
    "HALO_RASA_ENDPOINTS",
}


def settings_names() -> set[str]:
    return {f"HALO_{name.upper()}" for name in Settings.model_fields}


def test_compose_gives_the_app_only_settings_it_reads() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    app_env = compose["services"]["app"]["environment"]
    halo = {k for k in app_env if k.startswith("HALO_")}
    assert halo - settings_names() == set()
    assert {"HALO_ENVIRONMENT", "HALO_SECRET_KEY", "HALO_DATABASE_URL"} <= halo
    assert app_env["HALO_ENVIRONMENT"] == "production"


def test_rasa_endpoints_variables_are_given_by_compose_and_the_chart() -> None:
    used = set(re.findall(r"\$\{(HALO_[A-Z_]+)\}", (DEPLOY / "rasa" / "endpoints.yml").read_text()))
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    assert used - set(compose["services"]["rasa"]["environment"]) == set()
    templates = "".join(p.read_text() for p in (CHART / "templates").iterdir())
    assert all(name in templates for name in used)


def test_chart_variables_are_settings_or_rasa_ones() -> None:
    templates = "".join(p.read_text() for p in (CHART / "templates").iterdir())
    values = yaml.safe_load((CHART / "values.yaml").read_text())
    named = set(re.findall(r"\b(HALO_[A-Z_]+)\b", templates)) | set(values["secrets"]["values"])
    assert named - settings_names() - RASA_ONLY == set()


def test_the_commands_deploy_runs_exist() -> None:
    values = yaml.safe_load((CHART / "values.yaml").read_text())
    command = values["worker"]["command"]
    worker_module = command[command.index("-m") + 1]
    assert importlib.util.find_spec(worker_module) is not None
    assert (
        'CMD ["python", "-m", "app.workers.outbox"]'
        in (DEPLOY / "worker" / "Dockerfile").read_text()
    )
    assert '"app.main:create_app"' in (DEPLOY / "app" / "Dockerfile").read_text()
    assert (ROOT_DIR / "scripts" / "migrate.py").exists()
    assert Path(DEPLOY / "rasa" / "entrypoint.sh").stat().st_mode & 0o111


def test_app_and_worker_share_their_state_on_a_redis_db_of_their_own() -> None:
    """Several app instances (issue 16 §1): HALO_REDIS_URL for the app and the worker, on
    another DB than Rasa's lock store; the worker is the one outbox loop and replays kept
    turns; the chart scales the app and takes Telegram by webhook."""
    services = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]
    lock_db = services["rasa"]["environment"]["HALO_RASA_LOCK_REDIS_DB"]
    for name in ("app", "worker"):
        url = services[name]["environment"]["HALO_REDIS_URL"]
        assert url.startswith("redis://:${REDIS_PASSWORD")
        assert url.rsplit("/", 1)[1] != lock_db
        assert services[name]["depends_on"]["redis"]["condition"] == "service_healthy"
    assert services["app"]["environment"]["HALO_OUTBOX_INTERVAL_S"] == "0"
    assert float(services["worker"]["environment"]["HALO_OUTBOX_INTERVAL_S"]) > 0
    assert "--replay" in services["worker"]["command"]

    values = yaml.safe_load((CHART / "values.yaml").read_text())
    assert values["redis"]["appDb"] != values["redis"]["rasaLockDb"]
    assert "name: HALO_REDIS_URL" in (CHART / "templates" / "_helpers.tpl").read_text()
    assert "--replay" in values["worker"]["command"]
    assert (
        values["app"]["autoscaling"]["enabled"] and values["app"]["autoscaling"]["minReplicas"] > 1
    )
    assert values["config"]["telegramMode"] == "webhook"
    assert 'HALO_TELEGRAM_POLLING: "false"' in (CHART / "templates" / "configmap.yaml").read_text()
