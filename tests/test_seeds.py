"""The rules fire on the real copy they were built from (shared/seeds, beside the checkout)."""

from __future__ import annotations

from click.testing import CliRunner

from healthlint.cli import main

S2 = "002_88179b8683141151.txt"


def findings_at(output: str, rule_id: str) -> list[tuple[int, int]]:
    out = []
    for line in output.splitlines():
        head, _, rest = line.partition(": ")
        if rest.startswith(rule_id + " "):
            _, ln, col = head.rsplit(":", 2)
            out.append((int(ln), int(col)))
    return out


def test_seed_002_core_rules(seeds):
    path = seeds / S2
    lines = path.read_text(encoding="utf-8").splitlines()
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    # the "stops – erases – suicidal thoughts" claim, pointed at exactly
    (line, col), *_ = findings_at(result.output, "KET001")
    assert "erases" in lines[line - 1][col - 1:col + 30]
    # the side effects minimised ("few significant side effects")
    ket002 = findings_at(result.output, "KET002")
    assert any("side effects" in lines[ln - 1] for ln, _ in ket002)
    # no medical-supervision statement anywhere in the page
    assert findings_at(result.output, "DOC001")
    # the finding carries the nuance and a reference
    assert "    ref: " in result.output
