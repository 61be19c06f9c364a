"""--pseudonymise (SPEC §7): P- + the first 16 hex digits of HMAC-SHA256(key, id), the key kept in a file and
never written out; no pupil id left anywhere in a pseudonymised output."""

from __future__ import annotations

import hashlib
import hmac
import json
import zipfile
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from peerimpact.cli.app import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "data"
runner = CliRunner()
KEY = bytes(range(32))  # a fixed key for the test; the expected pseudonyms come from the standard library


def _expected(pupil_id: str) -> str:
    return "P-" + hmac.new(KEY, pupil_id.encode("utf-8"), hashlib.sha256).hexdigest()[:16]


def _key_file(tmp_path: Path) -> Path:
    path = tmp_path / "peerimpact.key"
    path.write_text(KEY.hex() + "\n", encoding="ascii")
    return path


def _all_text(path: Path) -> str:
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return path.read_text(encoding="utf-8-sig")


def _upns(name: str) -> list[str]:
    ws = load_workbook(EXAMPLES / name, read_only=True).active
    rows = ws.iter_rows(values_only=True)
    header = next(rows)
    j = header.index("UPN")
    return [str(r[j]).strip() for r in rows if r[j]]


def test_score_csv_pseudonyms_are_the_hmac_of_each_id(tmp_path: Path) -> None:
    key = _key_file(tmp_path)
    out = tmp_path / "s.csv"
    result = runner.invoke(
        app,
        [
            "score",
            str(EXAMPLES / "swemwbs_autumn.xlsx"),
            "-o",
            str(out),
            "--pseudonymise",
            "--key-file",
            str(key),
        ],
    )
    assert result.exit_code == 0, result.output
    plain = tmp_path / "plain.csv"
    assert (
        runner.invoke(app, ["score", str(EXAMPLES / "swemwbs_autumn.xlsx"), "-o", str(plain)]).exit_code == 0
    )
    ids = [line.split(",")[0] for line in plain.read_text(encoding="utf-8-sig").splitlines()[1:]]
    got = [line.split(",")[0] for line in out.read_text(encoding="utf-8-sig").splitlines()[1:]]
    assert got == [_expected(i) if i else "" for i in ids]
    assert KEY.hex() not in _all_text(out)


def test_no_pupil_id_is_left_in_any_pseudonymised_output(tmp_path: Path) -> None:
    key = _key_file(tmp_path)
    raw = set(_upns("swemwbs_autumn.xlsx")) | set(_upns("swemwbs_summer.xlsx"))
    outs = [tmp_path / "s.xlsx", tmp_path / "s.json", tmp_path / "c.xlsx", tmp_path / "c.json"]
    for out in outs[:2]:
        args = ["score", str(EXAMPLES / "swemwbs_autumn.xlsx"), "-o", str(out)]
        assert runner.invoke(app, [*args, "--pseudonymise", "--key-file", str(key)]).exit_code == 0
    args = [
        "compare",
        "--pre",
        str(EXAMPLES / "swemwbs_autumn.xlsx"),
        "--post",
        str(EXAMPLES / "swemwbs_summer.xlsx"),
    ]
    args += ["--comparison-column", "Group", "-o", str(outs[2]), "--json", str(outs[3])]
    result = runner.invoke(app, [*args, "--pseudonymise", "--key-file", str(key)])
    assert result.exit_code == 0, result.output
    for out in outs:
        text = _all_text(out)
        leaked = sorted(u for u in raw if u in text or u.upper() in text)
        assert not leaked, (out.name, leaked[:3])
        assert KEY.hex() not in text
    # the same pupil has the same pseudonym in both files and in every term's run (same key)
    doc = json.loads(outs[1].read_text(encoding="utf-8"))
    ids = {r["id"] for r in doc["rows"] if r["id"]} if "rows" in doc else set()
    assert all(i.startswith("P-") and len(i) == 18 for i in ids)


def test_the_key_is_made_once_with_owner_only_permissions(tmp_path: Path) -> None:
    key = tmp_path / "k" / "peerimpact.key"
    out = tmp_path / "a.csv"
    args = [
        "score",
        str(EXAMPLES / "swemwbs_autumn.xlsx"),
        "-o",
        str(out),
        "--pseudonymise",
        "--key-file",
        str(key),
    ]
    assert runner.invoke(app, args).exit_code == 0
    made = key.read_text(encoding="ascii").strip()
    assert len(bytes.fromhex(made)) == 32 and (key.stat().st_mode & 0o777) == 0o600
    first = out.read_text(encoding="utf-8-sig")
    assert runner.invoke(app, args).exit_code == 0  # the second run reads the same key
    assert key.read_text(encoding="ascii").strip() == made and out.read_text(encoding="utf-8-sig") == first


def test_a_key_file_that_is_not_a_key_is_a_plain_error(tmp_path: Path) -> None:
    bad = tmp_path / "peerimpact.key"
    bad.write_text("not a key", encoding="ascii")
    out = tmp_path / "a.csv"
    args = [
        "score",
        str(EXAMPLES / "swemwbs_autumn.xlsx"),
        "-o",
        str(out),
        "--pseudonymise",
        "--key-file",
        str(bad),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and "64 hexadecimal digits" in " ".join(result.output.split())


def test_scrub_hides_ids_in_messages_but_keeps_row_numbers() -> None:
    from peerimpact.issues import make_issue
    from peerimpact.util.pseudonyms import Pseudonymiser

    p = Pseudonymiser(KEY)
    raw_to_id = {"5": "5", "H801200001001": "H801200001001"}
    issue = make_issue(
        "invalid_upn", "h801200001001 should start with H (row 5)", row=5, column="UPN", value="5"
    )
    got = p.scrub(issue, raw_to_id)
    assert got.value == _expected("5")
    assert _expected("H801200001001") in got.message and "h801200001001" not in got.message.casefold()
    assert "(row 5)" not in got.message  # its own id "5" is hidden wherever it appears
    other = make_issue("straight_lining", "row 5: every item answered the same", row=5, value="3")
    assert p.scrub(other, raw_to_id).message == other.message  # a bare 5 that is not this issue's id stays
