"""axe-core checks for browser tests, with axe-core as axe-playwright-python ships it."""

from pathlib import Path

import axe_playwright_python

AXE_SCRIPT = Path(axe_playwright_python.__file__).parent / "axe.min.js"


def assert_no_axe_violations(page, allowed=()):
    """No axe violation on ``page`` but the ``allowed`` ``(rule id, CSS selector)`` pairs, each of which
    names markup we do not write (and says why where it is given)."""
    # Evaluated through DevTools, not as a <script> tag, which the Content-Security-Policy refuses.
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    assert result["testEngine"]["name"] == "axe-core" and result["passes"], "axe ran no checks"
    problems = [
        f"{violation['id']}: {violation['help']} ({node['target']}: {node['html'][:160]})"
        for violation in result["violations"]
        for node in violation["nodes"]
        if not any(rule == violation["id"] and matches(page, node, selector) for rule, selector in allowed)
    ]
    assert problems == [], "\n".join(problems)


def matches(page, node, selector):
    return page.locator(node["target"][-1]).first.evaluate(
        "(element, selector) => element.matches(selector)", selector
    )
