"""The app is offline: it never opens a connection, not even a name lookup.

Enterprises fill these forms on office PCs that may be cut off from the Internet,
and the data (names, phone numbers, finances) must stay on the machine. A process
records every network attempt through an audit hook while it runs the CLI over
every form and the wizard from typing to the generated documents.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parent / "scripts" / "offline_run.py"


def test_a_full_fill_and_a_wizard_run_make_no_network_connection(tmp_path):
    env = {"QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "c"),
           "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, timeout=300, env=env,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["events"] == []
    assert report["qt_network"] is False


def test_the_audit_would_see_a_connection(tmp_path):
    """The hook the run relies on does record a connect attempt (a refused one, to localhost)."""
    probe = (
        "import sys, socket, json\n"
        "seen = []\n"
        "sys.addaudithook(lambda e, a: seen.append(e) if e == 'socket.connect' else None)\n"
        "s = socket.socket()\n"
        "try:\n    s.connect(('127.0.0.1', 9))\nexcept OSError:\n    pass\n"
        "print(json.dumps(seen))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert json.loads(done.stdout) == ["socket.connect"]
