"""How big is the Binder environment? Installs binder/requirements.txt into a fresh venv and prints its size.

    .venv/bin/python benchmarks/binder_size.py [--with-jupyterlab]

Binder's base image already holds JupyterLab; ``--with-jupyterlab`` adds it (at the pinned version)
and also measures JupyterLab + ipykernel alone, so the figure of the course's own additions can be read
off. Uses pip's cache; needs the package index the machine is set up with.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def venv(where: Path, *requirements: str) -> tuple[int, int]:
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
    pip = [str(where / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run(pip + list(requirements), check=True, cwd=ROOT)
    frozen = subprocess.run([str(where / "bin" / "python"), "-m", "pip", "freeze"], capture_output=True, text=True)
    return size(where), len([line for line in frozen.stdout.splitlines() if "==" in line])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--with-jupyterlab", action="store_true")
    args = parser.parse_args()
    pins = [line for line in (ROOT / "requirements.txt").read_text().splitlines() if "==" in line]
    lab = [p for p in pins if p.lower().startswith(("jupyterlab==", "ipykernel=="))]
    with tempfile.TemporaryDirectory() as tmp:
        binder, n = venv(Path(tmp) / "binder", "-r", "binder/requirements.txt")
        print(f"binder/requirements.txt: {binder / 1e6:.0f} MB installed, {n} packages")
        if args.with_jupyterlab:
            subprocess.run([str(Path(tmp) / "binder" / "bin" / "python"), "-m", "pip", "install", "--quiet",
                            *[p for p in lab if p.lower().startswith("jupyterlab==")]], check=True)
            with_lab = size(Path(tmp) / "binder")
            base, m = venv(Path(tmp) / "base", *lab)
            print(f"with JupyterLab: {with_lab / 1e6:.0f} MB; JupyterLab + ipykernel alone: {base / 1e6:.0f} MB "
                  f"({m} packages); the course adds {(with_lab - base) / 1e6:.0f} MB "
                  f"({(with_lab - base) / base:.2f}x the base)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
