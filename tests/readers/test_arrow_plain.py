"""The id/time columns Arrow parses as plain text skip cleaning only when cleaning would change nothing
(issue 17): ``_plain`` gives exactly ``clean_strings`` of the chunk's cells (stripped, blank → None) on
random text, spaces of every kind at either end, empty cells, non-ASCII and sliced chunks."""

from __future__ import annotations

import itertools

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peerimpact.readers._arrow_text import _already_clean, _plain
from peerimpact.readers.cells import clean_strings
from peerimpact.util.utf8_list import utf8_of

EDGES = [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u2003", "\u3000", "\x00"]


def _reference(chunks: list[list[str]]) -> list[str | None]:
    out: list[str | None] = []
    for cells in chunks:
        out += [v.strip() or None for v in cells]
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(
            st.text(max_size=5)
            | st.from_regex(r"\A[A-Z][0-9]{12}\Z")
            | st.tuples(st.sampled_from(EDGES), st.from_regex(r"\A[A-Z0-9]{1,4}\Z"), st.booleans()).map(
                lambda t: t[0] + t[1] if t[2] else t[1] + t[0]
            ),
            max_size=8,
        ),
        max_size=4,
    ),
    st.integers(0, 3),
)
def test_plain_is_clean_strings_of_every_chunk(chunks: list[list[str]], cut: int) -> None:
    arrays = [pa.array(c, pa.string()) for c in chunks]
    arrays = [a.slice(min(cut, len(a))) for a in arrays]  # sliced chunks: offsets not from 0
    column = pa.chunked_array(arrays, pa.string())
    expected = _reference([a.to_pylist() for a in arrays])
    got = _plain(column)
    assert got == expected
    assert got == [v for a in arrays for v in clean_strings(a.to_pylist(), None)]
    utf8 = utf8_of(got)
    if utf8 is not None:  # the bytes kept beside the cells are exactly the cells' UTF-8
        offsets, data = utf8
        assert offsets[0] == 0 and len(offsets) == len(got) + 1
        assert [bytes(data[a:b]).decode() for a, b in itertools.pairwise(offsets.tolist())] == got
    else:
        assert got == [] or None in got or any(v != v.strip() or not v.isascii() for c in chunks for v in c)


@pytest.mark.parametrize(
    ("cells", "clean"),
    [
        (["H801200001001", "A801200005001"], True),
        (["H801200001001", ""], False),
        (["H801200001001 ", "x"], False),
        (["x", "\x1fx"], False),
        (["é", "x"], False),  # non-ASCII: left to the cleaner, which knows Unicode spaces
        ([], True),
    ],
)
def test_already_clean_says_only_what_cleaning_leaves(cells: list[str], clean: bool) -> None:
    assert _already_clean(pa.array(cells, pa.string())) is clean
