"""The trainer's ready-made files: the exports the built book offers for download, made again only
when what they are made from (the presented bank, the course, the code that makes them) changed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sphinx.application import Sphinx

from course.sphinx import code_closure
from quizzes.exports import export
from quizzes.exports.write import write
from quizzes.present.draw import draw
from quizzes.present.present import present
from quizzes.sphinx.env import quiz_env

TRAINER_DIR = "trainer"  # the ready-made exports, linked from the trainer's guide


def trainer_files(bank) -> dict[str, tuple[str, dict]]:
    """File name -> (export format, draw arguments) of the exports the built book offers for download."""
    files = {
        "all-modules.gift": ("gift", {}),
        "all-modules-moodle.xml": ("moodle-xml", {}),
        "all-modules-kahoot.xlsx": ("kahoot", {}),
        "all-modules.json": ("json", {}),
        "practice-paper-seed-1.html": ("handout", {"seed": 1, "count": 20}),
    }
    for module in bank.content.course.modules:
        files[f"module-{module.number}-handout.html"] = ("handout", {"modules": [module.id]})
    return files


def trainer_code() -> list[Path]:
    """The code that makes the trainer's files: this module, and the import closure of what it calls to
    make them (the presented form, the draw, the export package, which imports every exporter, and the
    writing of a file)."""
    used = ["quizzes.present.present", "quizzes.present.draw", "quizzes.exports", "quizzes.exports.write"]
    return sorted({Path(__file__).resolve(), *code_closure(used)})


def write_trainer_files(app: Sphinx, exception) -> None:
    """Trainers without Python download the exports from the book (same code as the CLI, same bytes
    for the text formats), so the files are as current as the bank the book was built from."""
    if exception is not None or app.builder.format != "html":
        return
    bank = quiz_env(app.env).quiz_bank
    folder = Path(app.outdir) / TRAINER_DIR
    files = trainer_files(bank)
    # The exports are a function of the presented questions, the course's title, date and modules,
    # and the code that makes them: when none of them changed (an edit elsewhere in content/), the files
    # on disk are already right, and making them again would cost the rebuild a few tenths of a second.
    digest = hashlib.sha256(json.dumps(
        [bank.content.course.model_dump(mode="json"), [present(bank, q) for q in bank.questions], sorted(files)],
        sort_keys=True, ensure_ascii=False).encode())
    for path in trainer_code():
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    stamp = folder / ".inputs"
    if stamp.is_file() and stamp.read_text() == digest.hexdigest() and all((folder / n).is_file() for n in files):
        return
    folder.mkdir(parents=True, exist_ok=True)
    for name, (fmt, args) in files.items():
        paper = draw(bank, args.get("modules"), seed=args.get("seed"), count=args.get("count"))
        write(folder / name, export(fmt, paper)[0])
    stamp.write_text(digest.hexdigest())
