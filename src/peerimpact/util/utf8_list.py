"""A list of text cells that also carries their UTF-8 bytes, so a million ids are not joined and encoded
again (issue 17: "ids kept as arrays until output").

Arrow's CSV reader already holds every id of a large text export as one byte buffer and an offsets array.
The Python strings are still made (every caller expects a list), but :class:`Utf8List` keeps the buffers
beside them: the UPN check and the duplicate check read the bytes as an ``(n, 13)`` block, and the CSV writer
hands them back to Arrow, instead of each joining and encoding the strings again (about 0.2 s at a million
rows).  The buffers are only a hint: any change to the list drops them, and a copy or a slice is a plain
list unless :meth:`Utf8List.copy` is asked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, SupportsIndex

__all__ = ["Utf8List", "utf8_of"]


class Utf8List(list[Any]):
    """A list of ``str`` (never ``None``) with ``utf8 = (offsets, data)``: cell ``i`` is the UTF-8 text
    ``data[offsets[i]:offsets[i + 1]]`` (numpy ``int64`` and ``uint8`` arrays), or ``None`` once the list has
    been changed.  Equal to, and pickled as, the plain list of its cells."""

    __slots__ = ("utf8",)

    def __init__(self, cells: Iterable[Any], offsets: Any, data: Any) -> None:
        super().__init__(cells)
        self.utf8: tuple[Any, Any] | None = (offsets, data) if len(offsets) == len(self) + 1 else None

    def copy(self) -> Utf8List:
        """A new list of the same cells sharing the (never written) buffers."""
        new = Utf8List.__new__(Utf8List)
        list.extend(new, self)
        new.utf8 = self.utf8
        return new

    def __reduce__(self) -> tuple[Any, ...]:
        return (list, (list(self),))  # a forked reader's result: the cells only

    # every change to the cells drops the bytes, which would no longer match them
    def __setitem__(self, key: Any, value: Any) -> None:
        self.utf8 = None
        super().__setitem__(key, value)

    def __delitem__(self, key: Any) -> None:
        self.utf8 = None
        super().__delitem__(key)

    def __iadd__(self, other: Iterable[Any]) -> Utf8List:  # type: ignore[misc]
        self.utf8 = None
        return super().__iadd__(other)

    def __imul__(self, n: SupportsIndex) -> Utf8List:
        self.utf8 = None
        return super().__imul__(n)

    def append(self, value: Any) -> None:
        self.utf8 = None
        super().append(value)

    def extend(self, values: Iterable[Any]) -> None:
        self.utf8 = None
        super().extend(values)

    def insert(self, index: SupportsIndex, value: Any) -> None:
        self.utf8 = None
        super().insert(index, value)

    def pop(self, index: SupportsIndex = -1) -> Any:
        self.utf8 = None
        return super().pop(index)

    def remove(self, value: Any) -> None:
        self.utf8 = None
        super().remove(value)

    def clear(self) -> None:
        self.utf8 = None
        super().clear()

    def sort(self, *args: Any, **kwargs: Any) -> None:
        self.utf8 = None
        super().sort(*args, **kwargs)

    def reverse(self) -> None:
        self.utf8 = None
        super().reverse()


def utf8_of(cells: Any) -> tuple[Any, Any] | None:
    """``(offsets, data)`` of ``cells`` when it is a :class:`Utf8List` whose bytes still match, else None."""
    return cells.utf8 if isinstance(cells, Utf8List) else None
