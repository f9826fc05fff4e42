from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

from healthlint import formats
from healthlint.command import color_wanted as _color
from healthlint.formats import FORMATS, LEVELS, _escape_data, _escape_property, artifact_uri, statistics, to_text
from integration_helpers import CLAIM, run, write_house_rules

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = ROOT / "src" / "healthlint" / "schema"
SARIF_SUBSET = Path(__file__).parent / "fixtures" / "sarif-2.1.0-subset.schema.json"

DOC = f"# Offers\n\n{CLAIM}\n\nThis tea is a miracle cure.\n\nDrink our detox tea.\n"


@pytest.fixture
def site(tmp_path, monkeypatch) -> Path:
    """A content repo with a house rule pack, a page in a sub-folder, and a config selecting our rules."""
    monkeypatch.chdir(tmp_path)
    write_house_rules(tmp_path / "house")
    (tmp_path / ".healthlint.yaml").write_text("extend-rules: [house]\nselect: [KET001, TST]\n", encoding="utf-8")
    (tmp_path / "docs" / "sub dir").mkdir(parents=True)
    (tmp_path / "docs" / "sub dir" / "page.md").write_text(DOC, encoding="utf-8")
    return tmp_path


PAGE = "docs/sub dir/page.md"


def output(fmt: str, *extra: str) -> str:
    result = run("check", "--format", fmt, *extra, PAGE)
    assert result.exit_code == 1, result.output
    return result.stdout


def test_json_validates_against_documented_schema(site):
    data = json.loads(output("json"))
    jsonschema.Draft202012Validator(json.loads((SCHEMAS / "findings.schema.json").read_text())).validate(data)
    assert [(d["rule_id"], d["line"], d["severity"]) for d in data] == [
        ("KET001", 3, "error"), ("TST001", 5, "warning"), ("TST002", 7, "info")]
    assert data[2]["suggestion"] is None and data[1]["suggestion"] == "Say what the studies measured."


def test_json_schema_rejects_a_finding_missing_a_field(site):
    schema = json.loads((SCHEMAS / "findings.schema.json").read_text())
    finding = json.loads(output("json"))[0]
    del finding["end_column"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([finding], schema)


def test_sarif_validates_and_carries_rule_metadata(site):
    log = json.loads(output("sarif"))
    jsonschema.Draft7Validator(json.loads(SARIF_SUBSET.read_text())).validate(log)
    run_ = log["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "healthlint" and driver["version"]
    rules = {r["id"]: r for r in driver["rules"]}
    assert set(rules) == {"KET001", "TST001", "TST002"}
    assert rules["TST001"]["fullDescription"]["text"].startswith("No tea cures everything")
    assert "https://example.org/reference" in rules["TST001"]["help"]["text"]
    assert [rules[k]["defaultConfiguration"]["level"] for k in ("KET001", "TST001", "TST002")] == ["error", "warning", "note"]
    res = run_["results"][0]
    assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"] == "KET001"
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] == "docs/sub%20dir/page.md"
    assert loc["region"] == {"startLine": 3, "startColumn": 10, "endLine": 3, "endColumn": 34,
                             "snippet": {"text": "erases suicidal thoughts"}}
    prints = [r["partialFingerprints"]["healthlintClaim/v1"] for r in run_["results"]]
    assert len(set(prints)) == 3


def test_sarif_subset_schema_is_strict(site):
    schema = json.loads(SARIF_SUBSET.read_text())
    log = json.loads(output("sarif"))
    bad_level = json.loads(json.dumps(log))
    bad_level["runs"][0]["results"][0]["level"] = "info"
    no_message = json.loads(json.dumps(log))
    del no_message["runs"][0]["results"][0]["message"]
    string_line = json.loads(json.dumps(log))
    string_line["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = "3"
    for broken in (bad_level, no_message, string_line):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)


def test_empty_sarif_is_valid(site):
    (site / "clean.md").write_text("Drink water.\n", encoding="utf-8")
    result = run("check", "--format", "sarif", "clean.md")
    assert result.exit_code == 0
    log = json.loads(result.stdout)
    jsonschema.validate(log, json.loads(SARIF_SUBSET.read_text()))
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []


@pytest.mark.parametrize("path, uri", [
    ("docs/a.md", "docs/a.md"),
    ("./docs/a.md", "docs/a.md"),
    ("docs/a b#1.md", "docs/a%20b%231.md"),
    ("-", "-"),
])
def test_artifact_uri_is_relative_with_forward_slashes(path, uri):
    assert artifact_uri(path) == uri


def test_artifact_uri_of_an_absolute_path_below_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert artifact_uri(str(tmp_path / "x" / "y.md")) == "x/y.md"


def test_github_annotations(site):
    lines = output("github").splitlines()
    assert lines[0] == ("::error file=docs/sub dir/page.md,line=3,col=10,endLine=3,endColumn=34,"
                        "title=KET001 ketamine-erases-suicidal-thoughts::\"erases suicidal thoughts\" promises "
                        "that suicidal thoughts disappear; trials show short-term average reductions in ideation "
                        "scores, not elimination or suicide prevention.")
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::warning", "::notice"]


@pytest.mark.parametrize("raw, data, prop", [
    ("plain", "plain", "plain"),
    ("100%", "100%25", "100%25"),
    ("a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"),
    ("x: y, z", "x: y, z", "x%3A y%2C z"),
    ("%0A", "%250A", "%250A"),
])
def test_github_escaping(raw, data, prop):
    assert _escape_data(raw) == data
    assert _escape_property(raw) == prop


@pytest.mark.parametrize("severity, sarif, github", [("error", "error", "error"), ("warning", "warning", "warning"),
                                                      ("info", "note", "notice")])
def test_severity_levels_in_one_place(severity, sarif, github):
    assert LEVELS[severity][:2] == (sarif, github)


def test_format_choices_match_config_schema():
    schema = json.loads((SCHEMAS / "config.schema.json").read_text())
    assert sorted(FORMATS) == sorted(schema["properties"]["format"]["enum"])


def test_statistics(site):
    (site / "docs" / "two.md").write_text(f"{CLAIM}\n\nAnother miracle cure here.\n\nA miracle cure again.\n")
    result = run("check", "--statistics", "docs")
    assert result.exit_code == 1
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert rows == [["3", "TST001", "miracle-cure"], ["2", "KET001", "ketamine-erases-suicidal-thoughts"],
                    ["1", "TST002", "detox-tea"]]
    as_json = json.loads(run("check", "--statistics", "--format", "json", "docs").stdout)
    assert as_json[0] == {"rule_id": "TST001", "name": "miracle-cure", "severity": "warning", "count": 3}


def test_statistics_of_nothing_is_empty():
    assert statistics([]) == ""


def test_text_is_plain_when_piped(site):
    out = output("text")
    assert "\x1b[" not in out
    assert out.splitlines()[0].startswith(f"{PAGE}:3:10: KET001 error ")


def test_text_colour_when_asked():
    from healthlint.cache import load_linter

    findings = [f for f in load_linter().check_source(CLAIM, "text", "a.txt") if f.rule_id == "KET001"]
    coloured = to_text(findings, 1, color=True)
    assert "\x1b[31m" in coloured and "\x1b[0m" in coloured  # red for error
    assert "\x1b[" not in to_text(findings, 1)


class _Tty:
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("fmt, tty, no_color, expected", [
    ("text", True, None, True),
    ("text", True, "1", False),
    ("text", False, None, False),
    ("json", True, None, False),
])
def test_colour_decided_once(monkeypatch, fmt, tty, no_color, expected):
    monkeypatch.setattr("sys.stdout", _Tty() if tty else io.StringIO())
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    assert _color(fmt) is expected


def test_every_formatter_takes_the_same_arguments():
    for name, fn in FORMATS.items():
        assert isinstance(fn([], 0, nuance=False, color=False), str), name
    assert formats.to_json([], 0) == "[]\n"


@pytest.mark.parametrize("style", [dict(bold=True), dict(bold=False), dict(dim=True),
                                   *(dict(fg=c, bold=True) for c in ("red", "yellow", "blue"))])
def test_colours_are_written_as_click_writes_them(style):
    import click

    from healthlint.formats import _ansi

    assert _ansi("x", **style) == click.style("x", **style)
