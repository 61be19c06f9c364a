"""Output safety: atomic writes, "never overwrite an input", never replace what we did not write (SPEC §2).

Every output is written to a temporary file in the target folder and renamed over the target, so a
crash or a full disk never leaves half a workbook; an output whose path is one of the inputs is refused, and
an existing file that is not one of our own outputs is replaced only with ``--force``.

The temporary file must not outlive the process (it holds pupil data): on Linux it is opened with
``O_TMPFILE`` -- a file with no name, which the kernel frees if the process dies -- and given its name only
when complete (``linkat`` through ``/proc/self/fd``, then a rename over the target).  Where that is not
available, the temporary file is named ``.<name>.<pid>.<random>.tmp`` and the next run that writes into the
folder removes those whose process has gone (:func:`clean_stale_temps`).

A folder that cannot be written (read-only, full disk, no permission) is the located error
``output_unwritable``, exit 1.  Standard library only (layer 0).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

from peerimpact.issues import PeerimpactError, make_issue

__all__ = [
    "as_unwritable",
    "atomic_output",
    "check_output",
    "clean_stale_temps",
    "is_own_output",
    "sha256_of",
    "write_atomic",
]

_PROC_FD = "/proc/self/fd"
_STALE = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[A-Za-z0-9_]+\.tmp$")


def _same(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def is_own_output(path: str | Path) -> bool:
    """Whether an existing file is one peerimpact writes, recognised by its content (not its name).

    Workbooks carry ``peerimpact`` as their creator (docProps/core.xml); score CSVs begin with the BOM and
    ``id,source_row``; JSON results name ``peerimpact`` in their ``schema``/``tool`` near the start; the HTML
    report carries ``<meta name="generator" content="peerimpact">``.  Anything else -- a survey saved under
    that name, an edited programme.toml -- is not ours.
    """
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(p) as zf:
                info = zf.getinfo("docProps/core.xml")
                if info.file_size > 1 << 16:
                    return False
                core = zf.read(info)
        except (KeyError, OSError, zipfile.BadZipFile, EOFError, ValueError):
            return False
        return re.search(rb"<dc:creator>\s*peerimpact\s*</dc:creator>", core) is not None
    if head.startswith(b"\xef\xbb\xbfid,source_row"):
        return True
    if head.lstrip().startswith(b"{"):
        return b'"peerimpact' in head[:1024] or b'"name": "peerimpact"' in head[:1024]
    return b'<meta name="generator" content="peerimpact">' in head


def check_output(out: str | Path, inputs: Sequence[str | Path], *, force: bool = False) -> Path:
    """Refuse an output path that is one of the inputs (``output_is_input``), or an existing file that is not
    one of our own outputs unless ``force`` (``output_not_ours``)."""
    target = Path(out)
    for inp in inputs:
        p = Path(inp)
        if _same(target, p) or target.resolve() == p.resolve():
            raise PeerimpactError(
                make_issue("output_is_input", f"{target} is an input file", file=target.name)
            )
    if not force and target.exists() and (not target.is_file() or not is_own_output(target)):
        raise PeerimpactError(
            make_issue(
                "output_not_ours",
                f"{target} already exists and was not written by peerimpact",
                file=target.name,
            )
        )
    return target


def _unwritable(target: Path, exc: OSError) -> PeerimpactError:
    reason = {
        errno.ENOSPC: "the disk is full",
        getattr(errno, "EDQUOT", -1): "the disk quota is used up",
        errno.EROFS: "the folder is read-only",
        errno.EFBIG: "the file would be larger than this system allows",
        errno.EACCES: "you do not have permission to write there",
        errno.EPERM: "you do not have permission to write there",
    }.get(exc.errno or 0, exc.strerror or type(exc).__name__)
    return PeerimpactError(
        make_issue(
            "output_unwritable",
            f"{target} could not be written ({reason}); nothing was replaced",
            file=target.name,
        )
    )


#: errors that only writing can cause: whatever was being written, it is the machine, not the data
_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EROFS, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)})


def as_unwritable(exc: OSError) -> PeerimpactError | None:
    """``output_unwritable`` for an OSError that only writing causes (disk full, read-only, file too large)
    raised outside :func:`write_atomic` -- e.g. by openpyxl's own temporary files -- else None."""
    if exc.errno not in _WRITE_ERRORS:
        return None
    return _unwritable(Path(exc.filename or "an output"), exc)


def clean_stale_temps(folder: str | Path) -> list[Path]:
    """Remove our temporary files in ``folder`` whose process is no longer running; return them.

    Only names of our own pattern (``.<name>.<pid>.<random>.tmp``) are touched, and only when no process
    with that id exists (a process of another user counts as running).  On Windows, where ``os.kill`` would
    end the process rather than probe it, a file counts as stale when untouched for 10 minutes; one still
    open by a running process cannot be deleted there anyway.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = _STALE.match(entry.name)
        if m is None or not entry.is_file(follow_symlinks=False):
            continue
        pid = int(m.group("pid"))
        if pid == os.getpid() or not _gone(pid, entry):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(Path(entry.path))
    return removed


def _gone(pid: int, entry: os.DirEntry[str]) -> bool:
    """Whether the process that made a temporary file has ended (see :func:`clean_stale_temps`)."""
    if os.name == "nt":
        try:
            return time.time() - entry.stat().st_mtime > 600
        except OSError:
            return False
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, OSError):
        return False
    return False


def _open_anonymous(folder: Path) -> int | None:
    """An unnamed file in ``folder`` (``O_TMPFILE``, mode 0600), or None where the platform has none."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag or not os.path.isdir(_PROC_FD):
        return None
    try:
        return os.open(folder, flag | os.O_RDWR, 0o600)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
            return None  # a filesystem without O_TMPFILE: fall back to a named temporary file
        raise


def _publish(fd: int, target: Path) -> None:
    """Give the unnamed file ``fd`` the name ``target`` (replacing it), atomically."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{os.urandom(6).hex()}.tmp")
    # linkat(…, AT_SYMLINK_FOLLOW) through the /proc link: the complete file appears under a name.  A
    # src_dir_fd is needed for Python to call linkat with that flag (plain link() would link the symlink).
    proc = os.open(_PROC_FD, os.O_RDONLY)
    try:
        os.link(str(fd), tmp, src_dir_fd=proc, follow_symlinks=True)
    except OSError as exc:
        if exc.errno in _WRITE_ERRORS or exc.errno in (errno.EACCES, errno.EEXIST):
            raise
        _copy_out(fd, tmp)  # a filesystem or sandbox that refuses the link: copy the finished file instead
    finally:
        os.close(proc)
    try:
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _copy_out(fd: int, tmp: Path) -> None:
    """Copy the unnamed file ``fd`` to the new file ``tmp`` (mode 0600), removing ``tmp`` if that fails."""
    out = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        offset = 0
        while block := os.pread(fd, 1 << 20, offset):
            os.write(out, block)
            offset += len(block)
    except BaseException:
        os.close(out)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    os.close(out)


def _named_temp(target: Path) -> tuple[int, str]:
    return tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)


def _open_temp(target: Path) -> tuple[int, str | None]:
    """A file to write ``target``'s new content into: an unnamed ``O_TMPFILE`` (name None) where the platform
    has it, else a named temp file beside it; stale temp files of dead runs are removed first."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        clean_stale_temps(target.parent)
        fd = _open_anonymous(target.parent)
        return (fd, None) if fd is not None else _named_temp(target)
    except OSError as exc:
        raise _unwritable(target, exc) from None


def _discard(fd: int, tmp: str | None) -> None:
    """Close the unnamed file, or remove the named temp file (a no-op once it has been renamed)."""
    if tmp is None:
        with contextlib.suppress(OSError):
            os.close(fd)
    else:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


@contextlib.contextmanager
def atomic_output(path: str | Path, mode: str = "wb", **kwargs: object) -> Iterator[IO]:
    """Open a temporary file beside ``path``; on success it replaces ``path`` (see the module docstring)."""
    target = Path(path)
    fd, tmp = _open_temp(target)
    try:
        with os.fdopen(fd, mode, closefd=tmp is not None, **kwargs) as fh:  # type: ignore[call-overload]
            yield fh
            fh.flush()
            if tmp is None:
                _publish(fd, target)
        if tmp is not None:
            os.replace(tmp, target)
    except OSError as exc:
        raise _unwritable(target, exc) from None
    finally:
        _discard(fd, tmp)


def write_atomic(path: str | Path, writer: Callable[[Path], None]) -> None:
    """Let ``writer`` write a temporary path (e.g. openpyxl's ``save``), then put it in place of ``path``.

    With ``O_TMPFILE`` the path given to ``writer`` is ``/proc/self/fd/N``, the unnamed file itself.
    """
    target = Path(path)
    fd, tmp = _open_temp(target)
    if tmp is not None:
        os.close(fd)  # the writer opens the named file itself
    try:
        if tmp is None:
            writer(Path(f"{_PROC_FD}/{fd}"))
            _publish(fd, target)
        else:
            writer(Path(tmp))
            os.replace(tmp, target)
    except OSError as exc:
        raise _unwritable(target, exc) from None
    finally:
        _discard(fd, tmp)


def sha256_of(path: str | Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
