"""Lint and render the Helm chart deploy/helm/halo-warga with Helm's own library (Helm v4,
the helm-python-sdk package: no helm binary, no cluster), check what the chart promises,
and write the rendered manifests for kubernetes-validate.

Run by scripts/validate_deploy.sh in .venv-deploy:
    .venv-deploy/bin/python scripts/helm_check.py OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml
from helm_python import chart as helm

CHART = Path(__file__).resolve().parent.parent / "deploy" / "helm" / "halo-warga"
KUBE_VERSION = "v1.30.0"
SECRETS = {
    "HALO_SECRET_KEY": "k" * 40,
    "HALO_RASA_TOKEN": "t" * 24,
    "HALO_ACTION_SECRET": "s" * 24,
    "HALO_POSTGRES_PASSWORD": "pw-check-only",
    "HALO_REDIS_PASSWORD": "redis-pw-check-only",
}
SCENARIOS: dict[str, dict[str, Any]] = {
    # the chart makes the Secret from values given at install (--set-string); the defaults:
    # the app autoscaled, Telegram by webhook, the worker Deployment retrying and replaying
    "chart-secret": {"secrets": {"values": SECRETS}},
    # a Secret made beforehand; ingress with TLS; three app replicas without HPA; no
    # volume; no worker (the app pods run the outbox loop); a Redis without password
    "existing-secret": {
        "secrets": {"existingSecret": "halo-secrets", "create": False},
        "ingress": {"enabled": True, "className": "nginx", "tls": {"secretName": "halo-tls"}},
        "app": {"replicas": 3, "autoscaling": {"enabled": False}},
        "persistence": {"enabled": False},
        "worker": {"enabled": False},
        "redis": {"auth": False},
        "config": {"extra": {"HALO_FAQ_MIN_CONFIDENCE": "0.5"}},
    },
    # Telegram by polling: the app pods only send, one -telegram pod polls
    "telegram-polling": {"secrets": {"values": SECRETS}, "config": {"telegramMode": "polling"}},
}
# each must make the chart refuse to render, with this in the message
REFUSED: dict[str, tuple[dict[str, Any], str]] = {
    "without secrets": ({}, "HALO_SECRET_KEY"),
    "the app's Redis DB = Rasa's lock store DB": (
        {"secrets": {"values": SECRETS}, "redis": {"appDb": 0, "rasaLockDb": 0}},
        "redis.appDb",
    ),
    "an unknown Telegram mode": (
        {"secrets": {"values": SECRETS}, "config": {"telegramMode": "both"}},
        "telegramMode",
    ),
    "Redis with a password but none given": (
        {"secrets": {"values": {k: v for k, v in SECRETS.items() if "REDIS" not in k}}},
        "HALO_REDIS_PASSWORD",
    ),
}


def fail(message: str) -> None:
    raise SystemExit(f"helm_check: {message}")


def lint(values: dict[str, Any], name: str) -> None:
    report = helm.lint(CHART, values, strict=True, kube_version=KUBE_VERSION)
    for message in report["messages"]:
        print(f"  lint [{name}] severity {message['severity']}: {message['error']}")
    if report["errors"] or any(m["severity"] >= 2 for m in report["messages"]):
        fail(f"helm lint --strict failed for {name}: {report['errors']}")


def render(values: dict[str, Any]) -> list[dict[str, Any]]:
    manifests = helm.Chart.load(CHART).render(
        values, name="halo", namespace="halo", is_install=True
    )
    docs: list[dict[str, Any]] = []
    for path, text in sorted(manifests.items()):
        if path.endswith(".yaml"):
            docs += [d for d in yaml.safe_load_all(text) if d]
    return docs


def check(docs: list[dict[str, Any]], name: str) -> None:
    kinds = [d["kind"] for d in docs]
    deployments = [d for d in docs if d["kind"] == "Deployment"]
    for dep in deployments:
        for c in dep["spec"]["template"]["spec"]["containers"]:
            res = c.get("resources", {})
            if not (res.get("requests") and res.get("limits")):
                fail(f"{name}: {dep['metadata']['name']} has no resource requests/limits")
            if c.get("ports") and not (c.get("livenessProbe") and c.get("readinessProbe")):
                fail(f"{name}: {dep['metadata']['name']} serves HTTP without probes")
    app = next(d for d in deployments if d["metadata"]["name"].endswith("-app"))
    probes = app["spec"]["template"]["spec"]["containers"][0]
    if probes["livenessProbe"]["httpGet"]["path"] != "/health/live":
        fail(f"{name}: the app's liveness probe is not /health/live")
    if probes["readinessProbe"]["httpGet"]["path"] != "/health/ready":
        fail(f"{name}: the app's readiness probe is not /health/ready")
    job = next((d for d in docs if d["kind"] == "Job"), None)
    if job is None:
        fail(f"{name}: no migration Job")
    hooks = job["metadata"]["annotations"]["helm.sh/hook"]
    if hooks != "pre-install,pre-upgrade":
        fail(f"{name}: the migration Job runs at {hooks!r}")
    if "scripts/migrate.py" not in job["spec"]["template"]["spec"]["containers"][0]["command"]:
        fail(f"{name}: the migration Job does not run scripts/migrate.py")
    if "HorizontalPodAutoscaler" not in kinds:
        fail(f"{name}: no HorizontalPodAutoscaler")
    # secrets only in the Secret: never in the ConfigMap or a Deployment's plain env
    plain = yaml.safe_dump([d for d in docs if d["kind"] != "Secret"])
    for value in SECRETS.values():
        if value in plain:
            fail(f"{name}: a secret value appears outside the Secret")
    check_instances(docs, name, SCENARIOS[name])
    print(f"  {name}: {len(docs)} resources ({', '.join(sorted(set(kinds)))})")


def env_of(dep: dict[str, Any]) -> dict[str, str]:
    container = dep["spec"]["template"]["spec"]["containers"][0]
    return {e["name"]: e.get("value", "") for e in container.get("env", [])}


def check_instances(docs: list[dict[str, Any]], name: str, values: dict[str, Any]) -> None:
    """Several app instances: shared state on Redis (a DB of its own), the app scaled,
    Telegram polled by one pod at most, the outbox loop where the values say."""
    config = next(d for d in docs if d["kind"] == "ConfigMap")["data"]
    deps = {d["metadata"]["name"].rsplit("-", 1)[1]: d for d in docs if d["kind"] == "Deployment"}
    hpas = {
        d["spec"]["scaleTargetRef"]["name"].rsplit("-", 1)[1]
        for d in docs
        if d["kind"] == "HorizontalPodAutoscaler"
    }
    auth = values.get("redis", {}).get("auth", True)
    for part in ("app", "worker", "telegram"):
        if part not in deps:
            continue
        url = env_of(deps[part]).get("HALO_REDIS_URL", "")
        if (
            not url.startswith("redis://")
            or url.rsplit("/", 1)[1] == config["HALO_RASA_LOCK_REDIS_DB"]
        ):
            fail(f"{name}: {part}'s HALO_REDIS_URL {url!r} is missing or on Rasa's lock DB")
        if auth != url.startswith("redis://:$(HALO_REDIS_PASSWORD)@"):
            fail(f"{name}: {part}'s HALO_REDIS_URL {url!r} does not follow redis.auth={auth}")
    app = deps["app"]
    if "app" in hpas:
        hpa = next(
            d
            for d in docs
            if d["kind"] == "HorizontalPodAutoscaler" and d["metadata"]["name"].endswith("-app")
        )
        if hpa["spec"]["minReplicas"] < 2 or "replicas" in app["spec"]:
            fail(f"{name}: the app's HPA keeps fewer than 2 pods or fights a fixed replicas")
    elif app["spec"].get("replicas", 1) < 2:
        fail(f"{name}: the app runs as one instance")
    polling = values.get("config", {}).get("telegramMode", "webhook") == "polling"
    if config["HALO_TELEGRAM_MODE"] != ("polling" if polling else "webhook"):
        fail(f"{name}: HALO_TELEGRAM_MODE is {config['HALO_TELEGRAM_MODE']!r}")
    pollers = [
        n
        for n, d in deps.items()
        if env_of(d).get("HALO_TELEGRAM_POLLING", config["HALO_TELEGRAM_POLLING"]) != "false"
    ]
    if pollers != (["telegram"] if polling else []):
        fail(f"{name}: Telegram polled by {pollers}")
    if polling:
        poller = deps["telegram"]["spec"]
        if (
            poller["replicas"] != 1
            or poller["strategy"]["type"] != "Recreate"
            or "telegram" in hpas
        ):
            fail(f"{name}: the Telegram poller is not exactly one pod replaced by Recreate")
    worker = deps.get("worker")
    app_interval = float(env_of(app)["HALO_OUTBOX_INTERVAL_S"])
    if worker is not None:
        command = worker["spec"]["template"]["spec"]["containers"][0]["command"]
        if (
            app_interval != 0
            or float(env_of(worker)["HALO_OUTBOX_INTERVAL_S"]) <= 0
            or "--replay" not in command
        ):
            fail(f"{name}: the worker Deployment is not the one outbox loop (with --replay)")
    elif app_interval <= 0:
        fail(f"{name}: no worker and no outbox loop in the app pods")


def main(out_dir: str) -> int:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, values in SCENARIOS.items():
        lint(values, name)
        docs = render(values)
        check(docs, name)
        (out / f"{name}.yaml").write_text(yaml.safe_dump_all(docs, sort_keys=False))
    # negative controls: the chart refuses these values
    for what, (values, reason) in REFUSED.items():
        try:
            render(values)
        except Exception as error:  # HelmRenderError
            if reason not in str(error):
                fail(f"render {what} failed for another reason: {error}")
            print(f"  {what}: refused ({reason}), as it should")
        else:
            fail(f"the chart rendered {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "runtime/deploy-check"))
