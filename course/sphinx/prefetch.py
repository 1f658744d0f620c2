"""Execute the pages Sphinx is about to re-read in parallel, into jupyter-cache, before it reads them.

Why: MyST-NB executes a stale page while Sphinx reads it, one page after another, and most of a
page's cost is starting and stopping its kernel. An edit to one content file can make six pages
stale; on two cores, running their kernels side by side nearly halves the rebuild. Each page is
keyed exactly as it will be read (``keyed_source``: the same hidden fingerprint cell), so MyST-NB
then finds it in the cache and renders it from there, with the same outputs. A page that fails here
is simply left out of the cache: MyST-NB runs it again as it reads it and reports the error as it
always does, so a failure looks the same with or without this step.

Only in ``execute_notebooks: cache`` mode; ``course_execution_jobs`` (default: the machine's cores,
at most 4) sets the number of kernels at once, and 1 turns the step off.
"""

from __future__ import annotations

import copy
import os
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path, PurePosixPath
from tempfile import TemporaryDirectory

from jupyter_cache import get_cache
from jupyter_cache.cache.main import CacheBundleIn
from jupyter_cache.executors.utils import single_nb_execution
from myst_nb.core.read import create_nb_reader
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from course.sphinx.cache import keyed_source

logger = logging.getLogger(__name__)


def default_jobs() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def stale_notebooks(app: Sphinx, env: BuildEnvironment, docnames, cache) -> list[tuple[str, Path, object, object]]:
    """(docname, path, notebook, read format) of each page to be read whose keyed notebook has no
    record in ``cache`` yet."""
    nb_config = env.mystnb_config
    stale = []
    for docname in sorted(docnames):
        path = Path(env.doc2path(docname))
        if not path.is_file() or any(PurePosixPath(path.as_posix()).match(p)
                                     for p in nb_config.execution_excludepatterns):
            continue
        text, _ = keyed_source(app, path.read_text(encoding="utf-8"))
        reader = create_nb_reader(str(path), env.myst_config, nb_config, text)
        if reader is None:
            continue  # plain Markdown: nothing to execute
        notebook = reader.read(text)
        if nb_config.metadata_key in notebook.metadata or nb_config.kernel_rgx_aliases:
            continue  # per-notebook execution settings or kernel aliases: leave it to MyST-NB
        if not any(c.cell_type == "code" and c.source.strip() for c in notebook.cells):
            continue
        try:
            cache.match_cache_notebook(notebook)
            continue  # already executed with these inputs
        except KeyError:
            stale.append((docname, path, notebook, reader.read_fmt))
    return stale


def _execute(item, nb_config):
    docname, path, notebook, read_fmt = item
    executed = copy.deepcopy(notebook)
    with (TemporaryDirectory() if nb_config.execution_in_temp else nullcontext(str(path.parent))) as cwd:
        result = single_nb_execution(executed, cwd=os.path.abspath(cwd), timeout=nb_config.execution_timeout,
                                     allow_errors=nb_config.execution_allow_errors, meta_override=True)
    return item, executed, result


def prefetch(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    nb_config = getattr(env, "mystnb_config", None)
    jobs = app.config.course_execution_jobs or default_jobs()
    if nb_config is None or nb_config.execution_mode != "cache" or jobs < 2:
        return
    cache = get_cache(nb_config.execution_cache_path or ".jupyter_cache")  # the path MyST-NB uses
    stale = stale_notebooks(app, env, docnames, cache)
    if len(stale) < 2:
        return  # one page gains nothing from a pool; MyST-NB runs it as usual
    start = time.perf_counter()
    for docname, *_ in stale:
        # the same words as MyST-NB's own line, so build logs (and tests/test_build.py) count it
        logger.info("Executing notebook in parallel, %d at a time (course.sphinx.prefetch)", min(jobs, len(stale)),
                    location=docname)
    done = 0
    with ThreadPoolExecutor(max_workers=min(jobs, len(stale))) as pool:
        for (_docname, path, _, read_fmt), executed, result in pool.map(lambda i: _execute(i, nb_config), stale):
            if result.err is not None:
                continue  # MyST-NB will run it again while reading, and report the error
            record = (cache.add_nb_to_project(str(path), read_data=read_fmt) if read_fmt
                      else cache.add_nb_to_project(str(path)))
            cache.cache_notebook_bundle(CacheBundleIn(executed, record.uri, data={"execution_seconds": result.time}),
                                        check_validity=False, overwrite=True)
            done += 1
    logger.info("course.sphinx.prefetch: executed %d of %d stale pages with %d kernels at a time in %.1f s",
                done, len(stale), min(jobs, len(stale)), time.perf_counter() - start)


def setup(app: Sphinx) -> dict:
    app.add_config_value("course_execution_jobs", 0, "env")  # 0: default_jobs()
    app.connect("env-before-read-docs", prefetch)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
