"""The NLU's emergency safety net (bot/components/emergency_net.py), run in the Rasa
environment: an emergency phrase overrides whatever intent the classifiers chose."""

from __future__ import annotations

import json
import subprocess

from app.services.knowledge import ROOT

RASA_PY = ROOT / ".venv-rasa" / "bin" / "python"
CODE = """
import json
from rasa.shared.nlu.training_data.message import Message
from bot.components.emergency_net import EmergencyNet
net = EmergencyNet({})
out = []
for text, intent in [
    ("bapak saya pingsan tidak bangun bangun", "help"),
    ("tetangga tersengat listrik masih menempel di kabel", "file_complaint"),
    ("tlg kbakaran rmh sebelah", "nlu_fallback"),
    ("info banjir hari ini", "faq"),
    ("/request_human", "request_human"),
]:
    m = Message(data={"text": text, "intent": {"name": intent, "confidence": 0.4}})
    net.process([m])
    out.append(m.get("intent")["name"])
print(json.dumps(out))
"""


def test_phrases_override_the_classifier() -> None:
    proc = subprocess.run(
        [str(RASA_PY), "-c", CODE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "3", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    intents = json.loads(proc.stdout.strip().splitlines()[-1])
    assert intents == ["emergency", "emergency", "emergency", "faq", "request_human"]
