"""The vectorised UPN check (scoring/upn_letters.py via scoring/ids.py, issue 17) flags exactly what the DfE rule written out here, one
id at a time, flags: random and edge-case ids -- lower case and spaces (normalised first), temporary UPNs
ending in a letter, letters outside the check alphabet (I, O, S), wrong lengths, None, non-ASCII."""

from __future__ import annotations

import random

from hypothesis import example, given, settings
from hypothesis import strategies as st

from peerimpact.scoring.ids import _bad_upn_positions, id_bytes, normalise_ids_and_bytes
from peerimpact.scoring.upn_letters import wrong_check_letter

ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"  # DfE: 0..22 -> check letter; a temporary UPN's last letter = its index


def dfe_wrong(upn: str) -> bool:
    """True for a UPN-shaped id (capital, 11 digits, digit or capital) whose check letter is wrong."""
    if len(upn) != 13 or not upn.isascii():
        return False
    if not ("A" <= upn[0] <= "Z" and upn[1:12].isdigit() and (upn[12].isdigit() or "A" <= upn[12] <= "Z")):
        return False
    if upn[12].isdigit():
        last = int(upn[12])
    elif upn[12] in ALPHABET:
        last = ALPHABET.index(upn[12])
    else:
        return True  # I, O or S: no temporary UPN ends so
    total = sum(weight * int(c) for weight, c in zip(range(2, 13), upn[1:12], strict=True)) + 13 * last
    return upn[0] != ALPHABET[total % 23]


def _valid(rng: random.Random, temporary: bool) -> str:
    body = "".join(rng.choice("0123456789") for _ in range(11))
    end = rng.choice(ALPHABET) if temporary else rng.choice("0123456789")
    for first in ALPHABET:
        if not dfe_wrong(first + body + end):
            return first + body + end
    raise AssertionError("no check letter fits")  # pragma: no cover


def _ids(seed: int, n: int) -> list[str | None]:
    rng = random.Random(seed)
    out: list[str | None] = []
    for _ in range(n):
        upn = _valid(rng, temporary=rng.random() < 0.2)
        kind = rng.randrange(9)
        if kind == 0:
            upn = rng.choice(ALPHABET.replace(upn[0], "")) + upn[1:]  # wrong check letter
        elif kind == 1:
            upn = upn.lower()
        elif kind == 2:
            upn = f" {upn[:4]} {upn[4:]} "
        elif kind == 3:
            upn = upn[:12] + rng.choice("IOS")
        elif kind == 4:
            upn = upn[:12] + rng.choice("ios-é ")
        elif kind == 5:
            upn = upn[: rng.randrange(13)]
        elif kind == 6:
            out.append(None)
            continue
        out.append(upn)
    return out


def test_a_million_style_column_agrees_with_the_rule_one_by_one() -> None:
    for seed in range(5):
        ids, block = normalise_ids_and_bytes(_ids(seed, 3000), "upn")
        expected = [pos for pos, pid in enumerate(ids) if pid is not None and dfe_wrong(pid)]
        assert _bad_upn_positions(ids, block) == expected
        assert _bad_upn_positions(ids) == expected


def test_clean_blocks_agree_with_the_rule() -> None:
    rng = random.Random(17)
    ids = [_valid(rng, temporary=k % 3 == 0) for k in range(2000)]
    ids += [rng.choice(ALPHABET) + v[1:] for v in ids[:500]]  # about 1 in 23 stays right by chance
    block = id_bytes(ids)
    assert block is not None
    assert wrong_check_letter(block).tolist() == [dfe_wrong(v) for v in ids]
    # the DfE's own examples: valid H801200001001 and temporary G80120000101A, invalid Z801200001001
    examples = ["H801200001001", "G80120000101A", "Z801200001001"]
    assert wrong_check_letter(id_bytes(examples)).tolist() == [False, False, True]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="AGHZIOSaz0123456789 -é", min_size=13, max_size=13), max_size=40))
def test_random_thirteen_character_ids_agree_with_the_rule(ids: list[str]) -> None:
    expected = [pos for pos, pid in enumerate(ids) if dfe_wrong(pid)]
    assert _bad_upn_positions(ids) == expected


def _id_bytes_reference(ids: list) -> bytes | None:
    """id_bytes written plainly: every id a 13-character ASCII string → their bytes, else None."""
    if not all(isinstance(v, str) and len(v) == 13 and v.isascii() for v in ids):
        return None
    return "".join(ids).encode("ascii")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.from_regex(r"\A[A-Z][0-9]{12}\Z")
        | st.text(alphabet="AB1\x00é ", min_size=11, max_size=15)
        | st.text(alphabet="A\x00", min_size=13, max_size=13)
        | st.none()
        | st.integers(),
        max_size=12,
    )
)
def test_id_bytes_is_the_plain_rule(ids: list) -> None:
    """Lengths that differ but add up to 13 per id, NULs inside ids, None, numbers, non-ASCII."""
    from peerimpact.scoring.ids import _all_distinct

    block = id_bytes(ids)
    expected = _id_bytes_reference(ids)
    if expected is None:
        assert block is None
        return
    assert block is not None and block.shape == (len(ids), 13) and block.tobytes() == expected
    if _all_distinct(block):  # the hashed shortcut never calls repeated ids distinct
        assert len(set(ids)) == len(ids)


def test_all_distinct_on_many_ids() -> None:
    from peerimpact.scoring.ids import _all_distinct

    rng = random.Random(3)
    ids = list(dict.fromkeys(_valid(rng, temporary=False) for _ in range(20000)))
    assert _all_distinct(id_bytes(ids))
    assert not _all_distinct(id_bytes([*ids, ids[123]]))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.from_regex(r"\A[A-Z][0-9]{12}\Z")
        | st.text(alphabet="AB1\x00é ", min_size=1, max_size=15)
        | st.text(alphabet="A\x00", min_size=13, max_size=13),
        max_size=12,
    )
)
@example(ids=["A000000000000", "11111éééé"])  # 13 bytes that are not 13 characters
def test_id_bytes_from_the_readers_bytes_is_the_plain_rule(ids: list[str]) -> None:
    """Ids that carry their UTF-8 bytes (``Utf8List``, from the Arrow reader) give what the plain path gives,
    and ``normalise_ids_and_bytes`` keeps the bytes only for an unchanged clean UPN column."""
    import numpy as np

    from peerimpact.util.utf8_list import Utf8List, utf8_of

    encoded = [v.encode("utf-8") for v in ids]
    offsets = np.concatenate([[0], np.cumsum([len(e) for e in encoded])]).astype(np.int64)
    carried = Utf8List(ids, offsets, np.frombuffer(b"".join(encoded) + b"\0", dtype=np.uint8)[: offsets[-1]])
    block, expected = id_bytes(carried), _id_bytes_reference(ids)
    assert (block is None) == (expected is None)
    if block is not None:
        assert block.shape == (len(ids), 13) and block.tobytes() == expected
    normalised, nblock = normalise_ids_and_bytes(carried, "upn")
    assert normalised == normalise_ids_and_bytes(list(ids), "upn")[0]
    if utf8_of(normalised) is not None:  # kept: the ids are the reader's, unchanged
        assert normalised == ids and nblock is not None and nblock.tobytes() == "".join(ids).encode()
