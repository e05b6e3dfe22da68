"""A pytest plugin that fails the run on any skip or xfail nobody agreed to.

A suite that skips what it cannot find (a fixture folder, a tool, a service) still reports green
while testing nothing, so a skipped, xfailed or xpassed test fails the session unless its reason is
on ``ALLOWED_REASONS``. Keep that list empty where possible: every entry is a hole the suite
admits to. ``tests/conftest.py`` loads this plugin; ``tests/test_skip_guard.py`` checks it with
pytester, so it cannot silently stop working.
"""

from __future__ import annotations

import pytest

# Exact skip/xfail reasons a run may report without failing (the text after "Skipped: ").
ALLOWED_REASONS: frozenset[str] = frozenset()

MESSAGE = "unexpected skips/xfails (tests/skip_guard.py fails the run on these)"


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(SkipGuard(), "skip-guard")


class SkipGuard:
    """Collects unexpected skips for one session; registered per config (pytester runs nest)."""

    def __init__(self) -> None:
        self.unexpected: list[str] = []

    def _note(self, report: pytest.CollectReport | pytest.TestReport) -> None:
        xfail = hasattr(report, "wasxfail")
        if not (report.skipped or (xfail and report.passed)):
            return
        reason = _reason(report)
        if reason in ALLOWED_REASONS:
            return
        kind = "skipped" if not xfail else ("xfailed" if report.skipped else "xpassed")
        self.unexpected.append(f"{kind} {report.nodeid or '(collection)'}: {reason}")

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self._note(report)

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        self._note(report)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        # A module skipped whole can leave nothing collected (exit 5): that fails too.
        if self.unexpected and exitstatus in (pytest.ExitCode.OK,
                                              pytest.ExitCode.NO_TESTS_COLLECTED):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not self.unexpected:
            return
        terminalreporter.section(MESSAGE, sep="=", red=True, bold=True)
        for line in self.unexpected:
            terminalreporter.line(line, red=True)
        terminalreporter.line(
            f"{len(self.unexpected)} unexpected: fix the cause, or allowlist the exact reason in "
            "tests/skip_guard.py ALLOWED_REASONS and say why there")


def _reason(report: pytest.CollectReport | pytest.TestReport) -> str:
    wasxfail = getattr(report, "wasxfail", None)
    if wasxfail is not None:
        return str(wasxfail).removeprefix("reason: ")
    longrepr = report.longrepr
    text = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return text.removeprefix("Skipped: ")
