"""Outputs (SPEC §2; issue 14, items 4, 6 and 7): never a silent overwrite, a located error when the folder
cannot be written, and no temporary file with pupil data outliving the process."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peerimpact.cli.app import app
from peerimpact.issues import PeerimpactError
from peerimpact.util import files
from peerimpact.util.files import atomic_output, clean_stale_temps, is_own_output, write_atomic

SURVEY = Path(__file__).resolve().parents[1] / "data" / "bad" / "files" / "survey.xlsx"
runner = CliRunner()


def _invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"COLUMNS": "240", "NO_COLOR": "1"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, " ".join(result.output.split())


# --------------------------------------------------------------------------------------------------- item 6


def test_template_does_not_replace_a_survey_without_force(tmp_path: Path) -> None:
    survey = tmp_path / "b.xlsx"
    survey.write_bytes(SURVEY.read_bytes())
    code, output = _invoke("template", "swemwbs", "-o", str(survey))
    assert code == 1 and "was not written by peerimpact" in output
    assert "--force" in output
    assert survey.read_bytes() == SURVEY.read_bytes()
    code, _ = _invoke("template", "swemwbs", "-o", str(survey), "--force")
    assert code == 0 and is_own_output(survey)
    code, _ = _invoke("template", "swemwbs", "-o", str(survey))  # our own template: replaced without --force
    assert code == 0


def test_score_replaces_its_own_outputs_only(tmp_path: Path) -> None:
    for suffix in (".csv", ".json", ".xlsx"):
        out = tmp_path / f"scores{suffix}"
        assert _invoke("score", str(SURVEY), "-o", str(out), "--quiet")[0] == 0
        assert is_own_output(out)
        assert _invoke("score", str(SURVEY), "-o", str(out), "--quiet")[0] == 0
    foreign = tmp_path / "notes.csv"
    foreign.write_text("id,note\n1,keep me\n", encoding="utf-8")
    code, output = _invoke("score", str(SURVEY), "-o", str(foreign))
    assert code == 1 and "was not written by peerimpact" in output
    assert foreign.read_text(encoding="utf-8") == "id,note\n1,keep me\n"


def test_compare_refuses_one_path_for_workbook_and_json(tmp_path: Path) -> None:
    same = tmp_path / "X.xlsx"
    code, output = _invoke(
        "compare", "--pre", str(SURVEY), "--post", str(SURVEY), "-o", str(same), "--json", str(same)
    )
    assert code == 2 and "both name" in output
    assert not same.exists()


def test_demo_keeps_an_edited_programme_toml(tmp_path: Path) -> None:
    from peerimpact.demo.programme import check_example_programme, example_programme_text

    folder = tmp_path / "programme"
    folder.mkdir()
    toml = folder / "programme.toml"
    toml.write_text(example_programme_text(), encoding="utf-8")
    check_example_programme(folder)  # unchanged: the demo's own file
    edited = example_programme_text().replace("Oakfield Peer Mentors", "Our mentors")
    toml.write_text(edited, encoding="utf-8")
    code, output = _invoke("demo", str(tmp_path), "--quiet")
    assert code == 1 and "programme.toml" in output and "--force" in output
    assert toml.read_text(encoding="utf-8") == edited
    assert not (tmp_path / "data").exists()  # refused before anything was written
    check_example_programme(folder, force=True)


# --------------------------------------------------------------------------------------------------- item 4


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_an_unwritable_output_is_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, err: int
) -> None:
    def fail(*_args: object, **_kw: object) -> None:
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(files, "_open_anonymous", fail)
    for out in ("s.xlsx", "s.csv"):
        code, output = _invoke("score", str(SURVEY), "-o", str(tmp_path / out))
        assert code == 1, output
        assert "could not be written" in output and out in output
        assert not (tmp_path / out).exists()


def test_a_full_disk_while_writing_is_a_located_error(tmp_path: Path) -> None:
    """A real write failure: the child may write at most 2 KB (RLIMIT_FSIZE gives EFBIG, as a full disk
    gives ENOSPC); it must end with exit 1 and the documented message, leaving no file behind."""
    child = textwrap.dedent(
        """
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))
        from peerimpact.cli.app import main
        sys.argv = ["peerimpact", "score", sys.argv[1], "-o", sys.argv[2]]
        main()
        """
    )
    out = tmp_path / "scores.xlsx"
    done = subprocess.run(
        [sys.executable, "-c", child, str(SURVEY), str(out)], capture_output=True, text=True
    )
    assert done.returncode == 1, done.stderr
    assert "could not be written" in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------------------------------- item 7

_KILLED = """
import os, signal, sys
from pathlib import Path
from peerimpact.util import files
if sys.argv[2] == "named":
    files._open_anonymous = lambda folder: None  # a platform without O_TMPFILE
def writer(tmp):
    Path(tmp).write_bytes(b"pupil data " * 1000)
    os.kill(os.getpid(), signal.SIGKILL)
files.write_atomic(Path(sys.argv[1]) / "scores.xlsx", writer)
"""


@pytest.mark.skipif(not hasattr(os, "O_TMPFILE"), reason="O_TMPFILE is Linux's")
def test_a_killed_write_leaves_no_temp_file(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", _KILLED, str(tmp_path), "anonymous"], capture_output=True)
    assert done.returncode == -signal.SIGKILL
    assert list(tmp_path.iterdir()) == []


def test_without_o_tmpfile_the_next_run_removes_a_killed_runs_temp_file(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", _KILLED, str(tmp_path), "named"], capture_output=True)
    assert done.returncode == -signal.SIGKILL
    (left,) = list(tmp_path.iterdir())
    assert left.name.startswith(".scores.xlsx.") and left.name.endswith(".tmp")
    other = tmp_path / f".report.xlsx.{os.getpid()}.abc.tmp"  # a live process's temp file is left alone
    other.write_bytes(b"x")
    write_atomic(tmp_path / "scores.xlsx", lambda tmp: Path(tmp).write_bytes(b"done"))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([other.name, "scores.xlsx"])
    assert clean_stale_temps(tmp_path) == []


def test_outputs_are_private_and_written_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    with atomic_output(target, "w", encoding="utf-8") as fh:
        fh.write('{"schema": "peerimpact.scores/1"}')
    assert target.read_text(encoding="utf-8") == '{"schema": "peerimpact.scores/1"}'
    assert target.stat().st_mode & 0o777 == 0o600
    with pytest.raises(RuntimeError), atomic_output(target, "w", encoding="utf-8") as fh:
        fh.write("half")
        raise RuntimeError("stopped")
    assert target.read_text(encoding="utf-8") == '{"schema": "peerimpact.scores/1"}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]
    with pytest.raises(PeerimpactError):
        write_atomic(tmp_path / "out.json" / "x", lambda tmp: None)  # a file where a folder should be


@pytest.mark.skipif(not hasattr(os, "O_TMPFILE"), reason="O_TMPFILE is Linux's")
def test_a_refused_link_falls_back_to_a_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Some filesystems and sandboxes refuse linkat through /proc: the finished file is copied instead."""

    def no_link(*_args: object, **_kw: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(files.os, "link", no_link)
    target = tmp_path / "out.json"
    with atomic_output(target, "w", encoding="utf-8") as fh:
        fh.write('{"schema": "peerimpact.scores/1"}' * 50_000)
    assert target.read_text(encoding="utf-8") == '{"schema": "peerimpact.scores/1"}' * 50_000
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
