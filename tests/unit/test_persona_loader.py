"""Persona files: the model they load into, located problems, and where personas are found."""

from __future__ import annotations

from pathlib import Path

import pytest

from callmate.core.catalog import bundled_dir
from callmate.core.persona import CommitmentModel, ObjectionTrigger, PersonaPown
from callmate.core.persona_loader import (
    PersonaNotFound,
    check_persona,
    is_persona_file,
    list_personas,
    load_persona,
    resolve_persona,
)
from callmate.core.playbook import PownTag, SectionKind
from callmate.core.problems import PlaybookError

MINIMAL = """\
format: 1
kind: persona
name: minimal
display_name: Min Imal
replies:
  default: Hm.
"""

FULL = """\
format: 1
kind: persona
name: full
display_name: Fay Full
role: Buyer
company: Full Co
decides: true
buying_process: Two quotes, then I sign.
hot_button: late invoices
powns:
  - {tag: problem, text: late invoices}
  - {tag: need, text: "works with {our} ledger"}
  - {text: untagged means problem}
replies:
  default: [one, two]
  powns: a powns line
  start_when: "Soon, {honestly}."
objections:
  - text: Send a brochure.
    when: {section: agenda}
  - text: Too pricey.
    when: {after_question: concerns}
commitment:
  start: 6
  rises_when_pain_agreed: 1
  drops_when_pitch_before_discovery: 4
  weak_below: 3
  strong: Keen.
  weak: [Meh, Still meh]
"""


def write(tmp_path: Path, text: str, name: str = "persona.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def messages(path: Path, strict: bool = False) -> list[str]:
    return [str(p) for p in check_persona(path, strict=strict)[1]]


# -- what loads -------------------------------------------------------------------------------
def test_minimal_persona_gets_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL, "minimal.yaml")
    persona, problems = check_persona(path)
    assert problems == []
    assert persona is not None
    assert (persona.name, persona.display_name, persona.decides) == ("minimal", "Min Imal", False)
    assert persona.replies == {"default": ("Hm.",)}
    assert persona.commitment == CommitmentModel()
    assert persona.objections == ()
    assert persona.path == str(path.resolve())


def test_full_persona_reads_every_field(tmp_path: Path) -> None:
    persona = load_persona(write(tmp_path, FULL, "full.yaml"))
    assert (persona.role, persona.company, persona.decides) == ("Buyer", "Full Co", True)
    assert persona.buying_process == "Two quotes, then I sign."
    assert persona.powns == (
        PersonaPown(PownTag.PROBLEM, "late invoices"),
        PersonaPown(PownTag.NEED, "works with {our} ledger"),
        PersonaPown(PownTag.PROBLEM, "untagged means problem"),
    )
    assert persona.replies["default"] == ("one", "two")
    assert persona.replies["start_when"] == ("Soon, {honestly}.",)  # braces are plain text
    assert persona.reply_keys() == ["start_when"]
    assert [o.when for o in persona.objections] == [
        ObjectionTrigger(section=SectionKind.AGENDA),
        ObjectionTrigger(after_question="concerns"),
    ]
    assert persona.commitment == CommitmentModel(6, 1, 4, 3, ("Keen.",), ("Meh", "Still meh"))


# -- located problems -------------------------------------------------------------------------
# (text replaced, replacement, where, what the message says)
PROBLEMS = [
    ("display_name:", "display_nam:", "4:1", "unknown key 'display_nam' in the persona: did you "
     "mean 'display_name'?"),
    ("kind: persona", "kind: playbook", "2:7", "'kind' must be 'persona', found 'playbook'"),
    ("kind: persona\n", "", "1:1", "a persona file needs 'kind: persona' at the top"),
    ("format: 1", "format: 2", "1:9", "this callmate reads persona format 1, the file says 2"),
    ("name: full", "name: Full Name", "3:7", "name 'Full Name' must be lowercase letters"),
    ("decides: true", "decides: maybe", "7:10", "'decides' in the persona must be yes/no"),
    ("{tag: need,", "{tag: nede,", "12:11", "tag 'nede' in powns item 2 is not known: did you "
     "mean 'need'?"),
    ("- {text: untagged means problem}", "- untagged", "13:5", "powns item 3 must be a mapping"),
    ("default: [one, two]", "default: []", "15:12", "reply 'default' is an empty list"),
    ("powns: a powns line", "powns: {a: b}", "16:10", "reply 'powns' must be a line of text"),
    ("start_when:", "Start-When:", "17:3", "reply key 'Start-When' must be a question id"),
    ("{section: agenda}", "{section: agenda, after_question: x}", "20:11", "'when' in "
     "objection 1 takes one of 'section: KIND'"),
    ("{section: agenda}", "{section: agendas}", "20:21", "section 'agendas' in objection 1 is "
     "not known: did you mean 'agenda'?"),
    ("{after_question: concerns}", "{after_question: Bad Id}", "22:28", "'after_question' in "
     "objection 2 must be a question id"),
    ("- text: Too pricey.", "- tex: Too pricey.", "21:5", "unknown key 'tex' in objection 2: "
     "did you mean 'text'?"),
    ("start: 6", "start: 11", "24:10", "'start' in 'commitment' must be a whole number from 0 "
     "to 10, found 11"),
    ("weak_below: 3", "weak_belw: 3", "27:3", "unknown key 'weak_belw' in 'commitment': did you "
     "mean 'weak_below'?"),
    ("strong: Keen.", "strong: ['']", "28:12", "'strong' in 'commitment' has an empty line"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "where", "says"), PROBLEMS)
def test_each_problem_is_located_and_explained(
    tmp_path: Path, old: str, new: str, where: str, says: str
) -> None:
    assert old in FULL
    path = write(tmp_path, FULL.replace(old, new, 1), "full.yaml")
    persona, problems = check_persona(path)
    assert persona is None
    found = [str(p) for p in problems]
    assert any(m.startswith(f"{path}:{where}: error: {says}") for m in found), found


def test_missing_replies_or_default_is_an_error(tmp_path: Path) -> None:
    no_replies = write(tmp_path, MINIMAL.split("replies:")[0], "minimal.yaml")
    assert any("needs 'replies:'" in m for m in messages(no_replies))
    no_default = write(tmp_path, MINIMAL.replace("default:", "agenda:"), "minimal.yaml")
    found = messages(no_default)
    assert any(":5:1: error: 'replies' needs a 'default:' reply" in m for m in found), found


def test_missing_required_names_are_errors(tmp_path: Path) -> None:
    text = MINIMAL.replace("name: minimal\n", "").replace("display_name: Min Imal\n", "")
    found = messages(write(tmp_path, text))
    assert any("the persona needs 'name:'" in m for m in found)
    assert any("the persona needs 'display_name:'" in m for m in found)


def test_yaml_errors_are_located(tmp_path: Path) -> None:
    path = write(tmp_path, MINIMAL + "  bad: [unclosed\n")
    persona, problems = check_persona(path)
    assert persona is None
    assert len(problems) == 1 and problems[0].severity == "error" and problems[0].line >= 6


def test_load_persona_raises_with_every_error(tmp_path: Path) -> None:
    path = write(tmp_path, FULL.replace("format: 1", "format: 3").replace("start: 6", "start: -1"))
    with pytest.raises(PlaybookError) as caught:
        load_persona(path)
    assert len(caught.value.problems) == 2


# -- warnings and strict ----------------------------------------------------------------------
def test_warnings_keep_the_persona_unless_strict(tmp_path: Path) -> None:
    text = FULL.replace("hot_button: late invoices", "hot_button: late invoice").replace(
        "  powns: a powns line", "  objection: a line"
    )
    path = write(tmp_path, text, "other-name.yaml")
    persona, problems = check_persona(path)
    assert persona is not None
    found = [str(p) for p in problems]
    assert all(p.severity == "warning" for p in problems)
    assert any(
        "hot_button is none of the persona's powns items" in m and "'late invoices'" in m
        for m in found
    )
    assert any("name 'full' differs from the file name 'other-name'" in m for m in found)
    assert any(
        "reply key 'objection' is no section kind: did you mean 'objections'?" in m for m in found
    )
    strict, strict_problems = check_persona(path, strict=True)
    assert strict is None
    assert {p.severity for p in strict_problems} == {"error"}
    assert len(strict_problems) == 3


def test_question_ids_near_a_kind_are_not_flagged(tmp_path: Path) -> None:
    text = MINIMAL + "  agenda_shared: fine\n  kept_commitment: fine\n  others_seen: ok\n"
    assert messages(write(tmp_path, text, "minimal.yaml")) == []


# -- telling personas from playbooks ----------------------------------------------------------
def test_is_persona_file(tmp_path: Path) -> None:
    assert is_persona_file(write(tmp_path, MINIMAL))
    assert not is_persona_file(bundled_dir() / "first-discovery.yaml")
    assert not is_persona_file(write(tmp_path, "kind: [broken\n", "broken.yaml"))
    assert not is_persona_file(tmp_path / "missing.yaml")


# -- finding personas -------------------------------------------------------------------------
@pytest.fixture
def team_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    team = tmp_path / "team"
    (team / "personas").mkdir(parents=True)
    monkeypatch.setenv("CALLMATE_PLAYBOOKS", str(team))
    monkeypatch.setenv("CALLMATE_DATA_DIR", str(tmp_path / "data"))
    return team


def test_bundled_personas_are_listed(team_dir: Path) -> None:
    entries = list_personas()
    assert [e.name for e in entries] == ["busy-sceptic", "eager-champion", "not-yet-convinced"]
    assert {e.origin for e in entries} == {"bundled"}


def test_team_and_user_personas_shadow_bundled_ones(team_dir: Path, tmp_path: Path) -> None:
    team_file = write(
        team_dir / "personas", MINIMAL.replace("minimal", "busy-sceptic"), "busy-sceptic.yaml"
    )
    user = tmp_path / "data" / "playbooks" / "personas"
    user.mkdir(parents=True)
    write(user, MINIMAL, "minimal.yml")
    write(user, "not yaml at all", "notes.txt")
    entries = {e.name: e for e in list_personas()}
    assert set(entries) == {"busy-sceptic", "eager-champion", "minimal", "not-yet-convinced"}
    assert entries["busy-sceptic"].path == team_file
    assert entries["busy-sceptic"].origin == "CALLMATE_PLAYBOOKS"
    assert entries["busy-sceptic"].shadows == [bundled_dir() / "personas" / "busy-sceptic.yaml"]
    assert entries["minimal"].origin == "user"


def test_resolve_persona_by_name_or_path(team_dir: Path, tmp_path: Path) -> None:
    assert resolve_persona("eager-champion") == bundled_dir() / "personas" / "eager-champion.yaml"
    own = write(tmp_path, MINIMAL, "mine.yaml")
    assert resolve_persona(str(own)) == own
    with pytest.raises(PersonaNotFound, match="no persona file at"):
        resolve_persona(str(tmp_path / "absent.yaml"))
    with pytest.raises(PersonaNotFound, match="available: busy-sceptic, eager-champion"):
        resolve_persona("nobody")
