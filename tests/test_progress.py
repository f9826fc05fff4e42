from __future__ import annotations

import io

import pytest

from healthlint import progress
from healthlint.runner import FileResult
from integration_helpers import run


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("tty, ci, expected", [(True, None, True), (True, "true", False), (False, None, False)])
def test_wanted_only_on_a_terminal_outside_ci(monkeypatch, tty, ci, expected):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    assert progress.wanted(FakeTty() if tty else io.StringIO()) is expected


@pytest.mark.parametrize("total, shown", [(progress.MIN_FILES - 1, False), (progress.MIN_FILES, True)])
def test_bar_only_for_many_files(total, shown):
    stream = FakeTty()
    with progress.bar(total, stream) as on_result:
        assert (on_result is not None) is shown
        for i in range(total if on_result else 0):
            on_result(FileResult(f"f{i}.md"))
    assert ("Checking" in stream.getvalue()) is shown
    if shown:
        assert f"{total}/{total}" in stream.getvalue()


def test_no_bar_when_piped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for i in range(30):
        (tmp_path / f"p{i}.md").write_text("Drink water.\n", encoding="utf-8")
    result = run("check", "--select", "KET001", ".")
    assert result.exit_code == 0 and result.stdout.startswith("No findings in 30 files")
    assert result.stderr == ""
