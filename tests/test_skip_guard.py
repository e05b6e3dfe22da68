"""The skip guard (tests/skip_guard.py) fails a run on any skip or xfail not allowlisted.

Each case runs a small pytest session with pytester, loading the guard as the suite does.
"""

from __future__ import annotations

import pytest
import skip_guard

pytest_plugins = ["pytester"]

CASES = '''
import pytest

def test_ok():
    pass

{body}
'''


def run(pytester: pytest.Pytester, body: str) -> pytest.RunResult:
    pytester.makepyfile(test_case=CASES.format(body=body))
    return pytester.runpytest("-p", "skip_guard")


def test_clean_run_passes(pytester: pytest.Pytester) -> None:
    result = run(pytester, "")
    assert result.ret == pytest.ExitCode.OK
    assert skip_guard.MESSAGE not in result.stdout.str()


@pytest.mark.parametrize(("body", "line"), [
    ("def test_s():\n    pytest.skip('fixture folder absent')",
     "skipped test_case.py::test_s: fixture folder absent"),
    ("@pytest.mark.skip(reason='later')\ndef test_s():\n    pass",
     "skipped test_case.py::test_s: later"),
    ("@pytest.mark.skipif(True, reason='no tool')\ndef test_s():\n    pass",
     "skipped test_case.py::test_s: no tool"),
    ("@pytest.mark.xfail(reason='known bug')\ndef test_x():\n    assert False",
     "xfailed test_case.py::test_x: known bug"),
    ("@pytest.mark.xfail(reason='fixed?')\ndef test_x():\n    pass",
     "xpassed test_case.py::test_x: fixed?"),
    ("def test_x():\n    pytest.xfail('imperative')",
     "xfailed test_case.py::test_x: imperative"),
    ("pytest.skip('whole module', allow_module_level=True)",
     "skipped test_case.py: whole module"),
    ("pytest.importorskip('no_such_module_here')",
     "skipped test_case.py: could not import 'no_such_module_here'"),
])
def test_unexpected_skip_or_xfail_fails_the_run(pytester: pytest.Pytester, body: str,
                                                line: str) -> None:
    result = run(pytester, body)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    out = result.stdout.str()
    assert skip_guard.MESSAGE in out
    assert any(text.startswith(line) for text in result.stdout.lines), out


def test_real_failures_keep_their_status(pytester: pytest.Pytester) -> None:
    result = run(pytester, "def test_f():\n    assert False\n\n"
                           "def test_s():\n    pytest.skip('absent')")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    assert skip_guard.MESSAGE in result.stdout.str()
    result.assert_outcomes(passed=1, failed=1, skipped=1)


def test_allowlisted_reason_passes(pytester: pytest.Pytester,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(skip_guard, "ALLOWED_REASONS", frozenset({"agreed"}))
    result = run(pytester, "def test_s():\n    pytest.skip('agreed')\n\n"
                           "@pytest.mark.xfail(reason='agreed')\ndef test_x():\n    assert False")
    assert result.ret == pytest.ExitCode.OK
    result.assert_outcomes(passed=1, skipped=1, xfailed=1)
    assert skip_guard.MESSAGE not in result.stdout.str()


def test_the_suite_loads_the_guard(pytestconfig: pytest.Config) -> None:
    """The real suite runs with the guard registered (not only these pytester sessions)."""
    assert pytestconfig.pluginmanager.has_plugin("skip_guard")
    assert isinstance(pytestconfig.pluginmanager.get_plugin("skip-guard"), skip_guard.SkipGuard)

