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
}
SCENARIOS: dict[str, dict[str, Any]] = {
    # the chart makes the Secret from values given at install (--set-string)
    "chart-secret": {"secrets": {"values": SECRETS}},
    # a Secret made beforehand; ingress with TLS; the app autoscaled; no volume; no worker
    "existing-secret": {
        "secrets": {"existingSecret": "halo-secrets", "create": False},
        "ingress": {"enabled": True, "className": "nginx", "tls": {"secretName": "halo-tls"}},
        "app": {"autoscaling": {"enabled": True}},
        "persistence": {"enabled": False},
        "worker": {"enabled": False},
        "config": {"extra": {"HALO_FAQ_MIN_CONFIDENCE": "0.5"}},
    },
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
    print(f"  {name}: {len(docs)} resources ({', '.join(sorted(set(kinds)))})")


def main(out_dir: str) -> int:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, values in SCENARIOS.items():
        lint(values, name)
        docs = render(values)
        check(docs, name)
        (out / f"{name}.yaml").write_text(yaml.safe_dump_all(docs, sort_keys=False))
    # negative control: without secrets (and no existing Secret) the chart refuses
    try:
        render({})
    except Exception as error:  # HelmRenderError
        if "HALO_SECRET_KEY" not in str(error):
            fail(f"render without secrets failed for another reason: {error}")
        print("  without secrets: refused (required HALO_SECRET_KEY), as it should")
    else:
        fail("the chart rendered without any secret")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "runtime/deploy-check"))
