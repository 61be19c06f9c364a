"""Risk items (SPEC §7): an instrument file's ``risk_items``, read by the loader, flagged by the scorer per
wave and carried by ``compare`` for the DSL only.

The expected flags are read off the hand-written answers below: a flag wherever item 4 was answered
"Often" or "Always" in a row that is not a platform preview.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from peerimpact.comparison.files import compare_files
from peerimpact.instruments.dump import dump_instrument
from peerimpact.instruments.load import BUILTIN, load_builtin, parse
from peerimpact.issues import PeerimpactError
from peerimpact.scoring.score import score_file

MOOD = """format_version = 1
name = "mood"
title = "Our own mood check (4 items)"
licence = "Written by our school"
items = 4
risk_items = [{{ item = 4, answers = {answers}, source = "our safeguarding policy" }}]

[options]
labels = [["Never", 0], ["Sometimes", 1], ["Often", 2], ["Always", 3]]

[[scales]]
name = "total"
title = "Mood worries"
items = [1, 2, 3, 4]
direction = "lower_is_better"
range = [0, 12]
"""

PRE = """id,mood_1,mood_2,mood_3,mood_4
P1,Never,Never,Sometimes,Always
P2,Sometimes,Never,Never,Sometimes
P3,Often,Often,Often,Often
P4,Never,Never,Never,Never
"""
# P4's second answer to item 4 is "Often"; P5 answered only item 4 (nothing can be scored: still flagged)
POST = """id,mood_1,mood_2,mood_3,mood_4
P1,Never,Never,Never,Never
P2,Sometimes,Never,Never,Sometimes
P3,Often,Often,Often,Always
P4,Never,Never,Never,Often
P5,,,,Always
"""


def _instrument(tmp_path: Path, answers: str = '["Often", "Always"]') -> Path:
    path = tmp_path / "mood.toml"
    path.write_text(MOOD.format(answers=answers), encoding="utf-8")
    return path


def test_the_loader_reads_risk_items_as_codes_and_round_trips(tmp_path: Path) -> None:
    ins = parse(tomllib.loads(MOOD.format(answers='["often", 3]')))
    assert [(r.item, r.codes, r.source) for r in ins.risk_items] == [(4, (2, 3), "our safeguarding policy")]
    assert parse(tomllib.loads(dump_instrument(ins))) == ins


@pytest.mark.parametrize(
    ("answers", "key"),
    [
        ('["Rarely"]', "risk_items[0].answers"),
        ("[]", "risk_items[0].answers"),
        ("[7]", "risk_items[0].answers"),
    ],
)
def test_a_wrong_risk_answer_is_a_located_message(answers: str, key: str) -> None:
    with pytest.raises(PeerimpactError) as exc:
        parse(tomllib.loads(MOOD.format(answers=answers)), "mood.toml")
    assert exc.value.issue.code == "instrument_file_invalid"
    assert exc.value.issue.column == key and exc.value.issue.file == "mood.toml"


def test_a_risk_item_outside_the_items_is_refused() -> None:
    text = MOOD.format(answers='["Often"]').replace("item = 4", "item = 5")
    with pytest.raises(PeerimpactError, match="between 1 and 4"):
        parse(tomllib.loads(text))


def test_no_built_in_instrument_declares_a_risk_item() -> None:
    # a published scale's risk items are its publisher's to name: none is invented here
    assert all(load_builtin(name).risk_items == () for name in BUILTIN)


def test_the_scorer_flags_each_wave(tmp_path: Path) -> None:
    ins = _instrument(tmp_path)
    (tmp_path / "pre.csv").write_text(PRE, encoding="utf-8")
    (tmp_path / "post.csv").write_text(POST, encoding="utf-8")
    pre = score_file(tmp_path / "pre.csv", instrument_files=[ins], id_column="id")
    post = score_file(tmp_path / "post.csv", instrument_files=[ins], id_column="id")
    # rows as a spreadsheet shows them: the header is row 1, P1 row 2
    assert [(f.id, f.item, f.answer, f.code, f.row) for f in pre.risk_flags] == [
        ("P1", 4, "Always", 3, 2),
        ("P3", 4, "Often", 2, 4),
    ]
    assert [(f.id, f.answer, f.row) for f in post.risk_flags] == [
        ("P3", "Always", 4),
        ("P4", "Often", 5),
        ("P5", "Always", 6),
    ]
    assert {f.file for f in pre.risk_flags} == {"pre.csv"}


def test_compare_carries_the_flags_with_their_wave_and_never_into_its_json(tmp_path: Path) -> None:
    ins = _instrument(tmp_path)
    (tmp_path / "pre.csv").write_text(PRE, encoding="utf-8")
    (tmp_path / "post.csv").write_text(POST, encoding="utf-8")
    run = compare_files(tmp_path / "pre.csv", tmp_path / "post.csv", instrument_files=[ins], id_column="id")
    assert run.risk_instruments == ["mood"]
    assert [(f.wave, f.id) for f in run.risk_flags] == [
        ("pre", "P1"),
        ("pre", "P3"),
        ("post", "P3"),
        ("post", "P4"),
        ("post", "P5"),
    ]
    assert "Always" not in run.to_json() and "risk" not in run.to_json()


def test_instruments_shows_the_risk_items(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from peerimpact.cli.app import app

    out = CliRunner().invoke(app, ["instruments", "--instrument-file", str(_instrument(tmp_path))])
    assert out.exit_code == 0, out.output
    assert "Risk items (for the DSL): item 4 answered Often or Always" in " ".join(out.output.split())
