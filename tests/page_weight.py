"""A page's weight as a browser loads it, and its load time on an emulated slow phone.

Shared by tests/test_page_weight.py (budgets in bytes and counts) and benchmarks/weight.py (times).
Every request of a fresh browser context is counted (no cache), with its body's size as it arrived:
the site is served by http.server, which sends files as they are, so that is the uncompressed size a
USB copy or a plain server gives. The slow phone is Lighthouse's mobile profile: 1.6 Mbit/s down,
750 kbit/s up, 150 ms round trip, the CPU slowed four times, applied through Chromium's DevTools
protocol.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .browser import ELSEWHERE

SLOW_PHONE = {"latency": 150, "downloadThroughput": 1.6 * 1024 * 1024 / 8, "uploadThroughput": 750 * 1024 / 8}
CPU_SLOWDOWN = 4
PHONE = {"width": 412, "height": 823}  # the viewport of Lighthouse's emulated phone (Moto G Power)


@dataclass
class Weight:
    url: str
    bytes: int = 0
    requests: int = 0
    by_type: dict[str, int] = field(default_factory=dict)  # resource type -> bytes
    files: list[tuple[str, int]] = field(default_factory=list)  # (url, bytes), largest first
    elsewhere: list[str] = field(default_factory=list)  # requests to another host (must stay empty)


def weigh(browser, url: str) -> Weight:
    """Load ``url`` in a fresh context (nothing cached) and add up every response it needed."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    finished = []
    weight = Weight(url)
    page.route(ELSEWHERE, lambda route: (weight.elsewhere.append(route.request.url), route.abort()))
    page.on("requestfinished", lambda request: finished.append(request))
    try:
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        for request in finished:
            size = request.sizes()["responseBodySize"]
            weight.bytes += size
            weight.requests += 1
            weight.by_type[request.resource_type] = weight.by_type.get(request.resource_type, 0) + size
            weight.files.append((request.url, size))
    finally:
        context.close()
    weight.files.sort(key=lambda f: -f[1])
    return weight


def slow_load(browser, url: str, answer: bool = False) -> dict[str, float]:
    """Milliseconds to "load" on the slow phone (from the navigation's own timing); with ``answer``,
    also from then until the page's first quiz question, answered, shows its feedback."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.route(ELSEWHERE, lambda route: route.abort())
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", {"offline": False, **SLOW_PHONE})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    try:
        page.goto(url, wait_until="load", timeout=120_000)
        timing = page.evaluate("() => { const n = performance.getEntriesByType('navigation')[0];"
                               " return {load: n.loadEventEnd, dom: n.domContentLoadedEventEnd}; }")
        result = {"load_ms": timing["load"], "dom_ms": timing["dom"]}
        if answer:
            first = page.locator("fieldset.cq-question[data-type=single], "
                                 "fieldset.cq-question[data-type=true-false]").first
            start = page.evaluate("() => performance.now()")
            first.locator("input").first.check()
            first.locator("button.cq-check").click()
            first.locator(".cq-feedback:not(:empty)").wait_for(timeout=60_000)
            result["answer_ms"] = page.evaluate("() => performance.now()") - start
        return result
    finally:
        context.close()
