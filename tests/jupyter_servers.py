"""Local Jupyter servers for the live tests (JupyterLab, Voila): a free port, a private HOME, a clean stop.

Nothing a test starts writes into the repository or the real home, and no server outlives its test.
"""

from __future__ import annotations

import os
import socket
import subprocess
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def private_env(tmp: Path) -> dict:
    """The environment with HOME, the Jupyter, IPython and XDG folders moved into ``tmp``."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("JUPYTER") and k not in ("IPYTHONDIR", "BROWSER")}
    folders = {"HOME": "home", "JUPYTER_CONFIG_DIR": "jupyter/config", "JUPYTER_DATA_DIR": "jupyter/data",
               "JUPYTER_RUNTIME_DIR": "jupyter/runtime", "IPYTHONDIR": "ipython",
               "XDG_CONFIG_HOME": "xdg/config", "XDG_DATA_HOME": "xdg/data", "XDG_CACHE_HOME": "xdg/cache",
               "XDG_RUNTIME_DIR": "xdg/runtime", "MPLCONFIGDIR": "mpl"}
    for name, sub in folders.items():
        (tmp / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(tmp / sub)
    os.chmod(tmp / "xdg/runtime", 0o700)
    # JupyterLab's own settings, in the temporary config folder: no "notified about Jupyter news?" toast
    news = tmp / "jupyter/config/lab/user-settings/@jupyterlab/apputils-extension/notification.jupyterlab-settings"
    news.parent.mkdir(parents=True, exist_ok=True)
    news.write_text('{"fetchNews": "false"}', encoding="utf-8")
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def stop(server: subprocess.Popen, base: str, token: str) -> None:
    """Ask the server to shut down (it stops its kernels), then terminate, then kill."""
    if server.poll() is None:
        try:
            request = urllib.request.Request(f"{base}/api/shutdown", method="POST",
                                             headers={"Authorization": f"token {token}"})
            urllib.request.urlopen(request, timeout=5).close()  # 127.0.0.1 only
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
    for step in (None, server.terminate, server.kill):
        if server.poll() is not None:
            return
        if step is not None:
            step()
        try:
            server.wait(timeout=10)
            return
        except subprocess.TimeoutExpired:
            continue
