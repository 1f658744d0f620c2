"""``python -m course.jupyterlite fetch`` (once, with a network) and ``... build OUT`` (offline)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course.jupyterlite.fetch import fetch
from course.jupyterlite.pins import CACHE, LiteError
from course.jupyterlite.site import build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.jupyterlite", description=__doc__)
    parser.add_argument("--cache", type=Path, default=CACHE,
                        help="where the fetched files are kept (default: %(default)s)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("fetch", help="download the pinned wheels and the Pyodide core into the cache, checked")
    built = commands.add_parser("build", help="build the lite site from the cache (no network)")
    built.add_argument("out", type=Path, help="the site's folder, e.g. _build/html/lite (replaced)")
    args = parser.parse_args(argv)
    try:
        if args.command == "fetch":
            fetch(args.cache)
            print(f"lite: the pinned files are in {args.cache}, checked")
        else:
            build(args.out, args.cache)
            size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
            print(f"lite: the JupyterLite site is in {args.out} ({size / 1e6:.1f} MB)")
    except LiteError as error:
        print("\n".join(f"lite: {line}" for line in str(error).splitlines()), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
