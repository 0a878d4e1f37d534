"""The operator's guide's web command works: gunicorn loads the app with the packaged settings.

``docs/operating.md`` tells an organisation to serve the app with
``gunicorn -c python:tracker.gunicorn_config "tracker:create_app()"``; ``--check-config`` makes gunicorn
read that configuration and load that app exactly as it would before serving, then stop.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_operating_gunicorn_loads_the_app_with_its_config(tmp_path: Path):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'gunicorn.sqlite'}",
        "SECRET_KEY": "operating",
        "TRACKER_INSTANCE_PATH": str(tmp_path / "instance"),
        "TRACKER_BIND": "127.0.0.1:0",
    }
    env.pop("REDIS_URL", None)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    done = subprocess.run(
        [str(gunicorn), "--check-config", "-c", "python:tracker.gunicorn_config", "tracker:create_app()"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
