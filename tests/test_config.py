from __future__ import annotations

import json
from pathlib import Path

import pytest

from healthlint.config import STARTER, find_config
from integration_helpers import CLAIM, HOUSE_RULES, run, write_house_rules

DOC = f"{CLAIM}\n\nThis tea is a miracle cure.\n\nDrink our detox tea.\n"


def ids(result) -> list[str]:
    return [d["rule_id"] for d in json.loads(result.stdout)]


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_house_rules(tmp_path / "house")
    (tmp_path / "page.md").write_text(DOC, encoding="utf-8")
    return tmp_path


def config(repo: Path, text: str, name: str = ".healthlint.yaml") -> Path:
    path = repo / name
    path.write_text(text, encoding="utf-8")
    return path


# --- discovery -------------------------------------------------------------------------------------


def test_found_walking_up_from_a_subfolder(repo, monkeypatch):
    config(repo, "extend-rules: [house]\nselect: [TST001]\n")
    (repo / "a" / "b").mkdir(parents=True)
    (repo / "a" / "b" / "p.md").write_text(DOC, encoding="utf-8")
    monkeypatch.chdir(repo / "a" / "b")
    assert ids(run("check", "--format", "json", "p.md")) == ["TST001"]


def test_nearest_wins_and_pyproject_without_table_is_skipped(repo, monkeypatch):
    config(repo, "extend-rules: [house]\nselect: [TST001]\n")
    sub = repo / "sub"
    sub.mkdir()
    (sub / "pyproject.toml").write_text("[project]\nname = 'site'\n", encoding="utf-8")
    monkeypatch.chdir(sub)
    assert find_config(sub) == repo / ".healthlint.yaml"
    (sub / "pyproject.toml").write_text(
        "[project]\nname = 'site'\n\n[tool.healthlint]\nextend-rules = ['../house']\nselect = ['TST002']\n",
        encoding="utf-8",
    )
    assert find_config(sub) == sub / "pyproject.toml"
    assert ids(run("check", "--format", "json", "../page.md")) == ["TST002"]


@pytest.mark.parametrize("first, second", [(".healthlint.yaml", ".healthlint.yml"), (".healthlint.yml", "pyproject.toml")])
def test_order_within_one_folder(repo, first, second):
    body = {"pyproject.toml": "[tool.healthlint]\nselect = ['KET']\n"}
    for name in (first, second):
        config(repo, body.get(name, "select: [KET]\n"), name)
    assert find_config(repo) == repo / first


def test_config_option_and_isolated(repo):
    config(repo, "select: [KET001]\n")
    other = config(repo, "extend-rules: [house]\nselect: [TST002]\n", "other.yaml")
    assert ids(run("check", "--format", "json", "page.md")) == ["KET001"]
    assert ids(run("check", "--format", "json", "--config", other, "page.md")) == ["TST002"]
    isolated = run("check", "--format", "json", "--isolated", "page.md")
    assert "KET001" in ids(isolated) and "TST001" not in ids(isolated)
    both = run("check", "--isolated", "--config", other, "page.md")
    assert both.exit_code == 2


# --- select / ignore / severity / fail-on / format -----------------------------------------------


@pytest.mark.parametrize("select, ignore, expected", [
    ("[TST]", "[]", ["TST001", "TST002"]),
    ("[TST00]", "[]", ["TST001", "TST002"]),
    ("[TST001]", "[]", ["TST001"]),
    ("[miracle-cure]", "[]", ["TST001"]),
    ("[KET001, detox-tea]", "[]", ["KET001", "TST002"]),
    ("[KET001, TST]", "[TST]", ["KET001"]),
    ("[KET001, TST]", "[TST002]", ["KET001", "TST001"]),
    ("[KET001, TST]", "[ketamine-erases-suicidal-thoughts]", ["TST001", "TST002"]),
])
def test_select_and_ignore_by_id_prefix_or_name(repo, select, ignore, expected):
    config(repo, f"extend-rules: [house]\nselect: {select}\nignore: {ignore}\n")
    assert ids(run("check", "--format", "json", "page.md")) == expected


def test_command_line_select_replaces_config(repo):
    config(repo, "extend-rules: [house]\nselect: [TST001]\n")
    assert ids(run("check", "--format", "json", "--select", "KET001,TST002", "page.md")) == ["KET001", "TST002"]
    assert ids(run("check", "--format", "json", "--select", "TST", "--ignore", "TST001", "page.md")) == ["TST002"]


def test_severity_override_and_fail_on(repo):
    config(repo, "extend-rules: [house]\nselect: [TST]\nseverity: {TST: info, TST001: error}\nfail-on: error\n")
    result = run("check", "--format", "json", "page.md")
    assert [(d["rule_id"], d["severity"]) for d in json.loads(result.stdout)] == [("TST001", "error"), ("TST002", "info")]
    assert result.exit_code == 1
    config(repo, "extend-rules: [house]\nselect: [TST002]\nfail-on: info\n")
    assert run("check", "page.md").exit_code == 1
    assert run("check", "--fail-on", "warning", "page.md").exit_code == 0  # the command line wins


def test_format_from_config(repo):
    config(repo, "select: [KET001]\nformat: github\n")
    assert run("check", "page.md").stdout.startswith("::error file=page.md,line=1,col=10,")
    assert run("check", "--format", "text", "page.md").stdout.startswith("page.md:1:10: KET001")


# --- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("select: [KET001]\nselekt: [KET]\n", ".healthlint.yaml:2: selekt: unknown key; did you mean 'select'?"),
    ("select: [NOPE999]\n", ".healthlint.yaml:1: select[0]: unknown rule or prefix 'NOPE999'"),
    ("ignore:\n  - KET001\n  - ZZZ\n", ".healthlint.yaml:3: ignore[1]: unknown rule or prefix 'ZZZ'"),
    ("fail-on: sometimes\n", ".healthlint.yaml:1: fail-on: 'sometimes' is not one of"),
    ("severity:\n  KET001: critical\n", ".healthlint.yaml:2: severity.KET001: 'critical' is not one of"),
    ("severity:\n  ZZZ001: info\n", ".healthlint.yaml:2: severity.ZZZ001: unknown rule or prefix 'ZZZ001'"),
    ("select: KET001\n", ".healthlint.yaml:1: select: 'KET001' is not of type 'array'"),
    ("per-file-ignores:\n  'legal/**': [NOPE1]\n", ".healthlint.yaml:2: per-file-ignores.legal/**[0]: unknown rule"),
    ("extend-rules: [missing]\n", "missing: rules folder not found"),
    ("- just\n- a list\n", ".healthlint.yaml:1: expected a mapping"),
    ("select: [KET001\n", ".healthlint.yaml:2: invalid YAML"),
])
def test_bad_config_is_one_line_naming_file_key_and_line(repo, text, expected):
    config(repo, text)
    result = run("check", "page.md")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("table, expected", [
    ("select = ['KET001']\ncolour = 'red'\n", "pyproject.toml:6: colour: unknown key (known: select, ignore,"),
    ("select = ['KET001']\nignore = ['NOPE999']\n", "pyproject.toml:6: ignore[0]: unknown rule or prefix 'NOPE999'"),
    ("fail-on = 'often'\n", "pyproject.toml:5: fail-on: 'often' is not one of"),
])
def test_bad_pyproject_table(repo, table, expected):
    config(repo, f"[project]\nname = 'site'\n\n[tool.healthlint]\n{table}", "pyproject.toml")
    result = run("check", "page.md")
    assert result.exit_code == 2
    assert expected in result.stderr, result.stderr


def test_extend_rules_are_validated_like_builtin_ones(repo):
    config(repo, "extend-rules: [house]\n")
    (repo / "house" / "tst" / "detox-tea.yaml").write_text(
        (repo / "house" / "tst" / "detox-tea.yaml").read_text().replace("severity: info", "severity: mild"))
    result = run("check", "page.md")
    assert result.exit_code == 2
    assert "detox-tea.yaml:3: severity: 'mild' is not one of" in result.stderr


def test_extend_rules_examples_are_checked(repo):
    config(repo, "extend-rules: [house]\n")
    path = repo / "house" / "tst" / "detox-tea.yaml"
    path.write_text(path.read_text().replace('good: ["Drink water."]', 'good: ["Skip the detox tea."]'))
    result = run("check", "page.md")
    assert result.exit_code == 2
    assert "examples.good[0]: rule TST002 flags its good example" in result.stderr


def test_a_house_rule_may_supersede_a_built_in_one(repo):
    # only the house pack's examples are checked: the built-in KET001 loses its bad examples to the
    # house rule that supersedes it, which is what supersedes is for, not a broken rule
    (repo / "house" / "tst" / "our-erase.yaml").write_text(
        HOUSE_RULES["detox-tea"].replace("TST002", "TST003").replace("name: detox-tea", "name: our-erase")
        .replace("patterns: ['detox tea']", "patterns: ['erases suicidal thoughts']\nsupersedes: [KET001]")
        .replace('bad: ["Drink our detox tea."]', 'bad: ["It erases suicidal thoughts."]'),
        encoding="utf-8",
    )
    config(repo, "extend-rules: [house]\n")
    result = run("check", "--format", "json", "page.md")
    assert result.exit_code == 1, result.stderr
    assert "TST003" in ids(result) and "KET001" not in ids(result)


def test_rules_and_explain_see_extend_rules(repo):
    config(repo, "extend-rules: [house]\n")
    assert "TST001  miracle-cure" in run("rules").stdout
    assert run("explain", "detox-tea").stdout.startswith("TST002 detox-tea")


# --- exclude, per-file-ignores, front matter --------------------------------------------------------


@pytest.fixture
def tree(repo) -> Path:
    for rel in ("docs/a.md", "docs/legacy/old.md", "legal/terms.md", "vendor/x/y.md"):
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(f"{CLAIM}\n", encoding="utf-8")
    return repo


def paths(result) -> set[str]:
    return {d["path"] for d in json.loads(result.stdout)}


def test_exclude_applies_while_walking(tree):
    config(tree, "select: [KET001]\nexclude: [legacy/, 'vendor/**', page.md]\n")
    assert paths(run("check", "--format", "json", ".")) == {"docs/a.md", "legal/terms.md"}


def test_exclude_spares_named_files_unless_forced(tree):
    config(tree, "select: [KET001]\nexclude: ['docs/legacy']\n")
    named = ["docs/legacy/old.md", "docs/a.md"]
    assert paths(run("check", "--format", "json", *named)) == set(named)
    assert paths(run("check", "--format", "json", "--force-exclude", *named)) == {"docs/a.md"}


def test_exclude_is_relative_to_the_config_file(tree, monkeypatch):
    config(tree, "select: [KET001]\nexclude: [/docs/legacy/]\n")
    monkeypatch.chdir(tree / "docs")
    assert paths(run("check", "--format", "json", ".")) == {"a.md"}


def test_per_file_ignores(tree):
    config(tree, "select: [KET001]\nper-file-ignores:\n  'legal/**': [KET]\n  'docs/legacy/*.md': [ketamine-erases-suicidal-thoughts]\n")
    assert paths(run("check", "--format", "json", "docs", "legal")) == {"docs/a.md"}


@pytest.mark.parametrize("pattern, path, is_dir, expected", [
    ("legacy/", "docs/legacy", True, True),
    ("legacy/", "docs/legacy/old.md", False, True),
    ("legacy/", "docs/legacy.md", False, False),
    ("*.html", "a/b/c.html", False, True),
    ("/docs/*.md", "docs/a.md", False, True),
    ("/docs/*.md", "x/docs/a.md", False, False),
    ("docs/*.md", "docs/sub/a.md", False, False),
    ("docs/**/*.md", "docs/sub/deep/a.md", False, True),
    ("docs/**/*.md", "docs/a.md", False, True),
    ("draft-?.md", "draft-1.md", False, True),
    ("[!a]*.md", "b.md", False, True),
    ("[!a]*.md", "a.md", False, False),
])
def test_glob_semantics(pattern, path, is_dir, expected):
    from healthlint.selection import glob_match

    assert glob_match(pattern, path, is_dir) is expected


def test_front_matter_fields(repo):
    (repo / "fm.md").write_text(f"---\nhero_text: {CLAIM}\n---\n\nDrink water.\n", encoding="utf-8")
    config(repo, "select: [KET001]\n")
    assert ids(run("check", "--format", "json", "fm.md")) == []
    config(repo, "select: [KET001]\nfront-matter-fields: [hero_text]\n")
    result = run("check", "--format", "json", "fm.md")
    assert [(d["rule_id"], d["line"]) for d in json.loads(result.stdout)] == [("KET001", 2)]


# --- init ------------------------------------------------------------------------------------------


def test_init_writes_a_valid_starter_and_refuses_to_overwrite(repo):
    result = run("init")
    assert result.exit_code == 0
    path = repo / ".healthlint.yaml"
    assert path.read_text() == STARTER and STARTER.count("\n# ") > 5
    assert run("check", "page.md").exit_code == 1  # the starter is a valid config
    path.write_text("select: [KET]\n")
    again = run("init")
    assert again.exit_code == 2 and "already exists (use --force" in again.stderr
    assert path.read_text() == "select: [KET]\n"
    assert run("init", "--force").exit_code == 0 and path.read_text() == STARTER


def test_known_keys_match_the_schema():
    from healthlint.config import KEYS

    schema = json.loads((Path(__file__).resolve().parents[1] / "src/healthlint/schema/config.schema.json").read_text())
    assert sorted(KEYS) == sorted(schema["properties"])


def test_empty_config_file_means_defaults(repo):
    config(repo, "# nothing yet\n")
    assert run("check", "--select", "KET001", "page.md").exit_code == 1


@pytest.mark.parametrize(
    "toml",
    [
        "[tool.healthlint]\nselect = ['KET']\n",
        "[ tool . \"healthlint\" ]\nselect = ['KET']\n",
        "tool.healthlint.select = ['KET']\n",
        "[tool]\nhealthlint = { select = ['KET'] }\n",
        "[tool]\nhealthlint.select = ['KET']\n",
    ],
)
def test_every_toml_spelling_of_the_table_is_found(tmp_path, toml):
    # the text is screened before tomllib is imported; the screen must let every spelling through
    (tmp_path / "pyproject.toml").write_text(toml + "\n[project]\nname = 'healthlint-site'\n", encoding="utf-8")
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"


def test_a_pyproject_that_only_names_healthlint_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'healthlint'\ndependencies = ['healthlint']\n", encoding="utf-8")
    assert find_config(tmp_path) is None
