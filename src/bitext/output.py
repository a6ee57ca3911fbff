"""Writing output files without losing anything: regular files are replaced atomically (a
temporary file in the same folder, renamed into place), so a failed or interrupted run leaves the
previous file untouched; a symlink is written through (its target replaced, the link kept);
devices, FIFOs, sockets and process substitutions (``>(…)``, ``/dev/stdout``) are written into
directly, never replaced. A full disk is a one-line error. Temporary files carry the host and
process that made them, so a later run removes those a killed process left behind
(:func:`remove_stale_temporaries`) and never those of a run still going.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import stat
import tempfile
from typing import Iterable, Iterator, TextIO

from .errors import OutputError

#: Every temporary file bitext makes starts with this.
TEMP_PREFIX = ".bitext-"


def _temp_prefix() -> str:
    """``.bitext-<host>-<pid>-``: whose temporary file it is."""
    host = socket.gethostname().replace("-", "_") or "host"
    return f"{TEMP_PREFIX}{host}-{os.getpid()}-"


def _write_error(exc: OSError, path: str) -> OutputError:
    if exc.errno == errno.ENOSPC:
        return OutputError("no space left on device", path)
    if exc.errno == errno.EDQUOT:
        return OutputError("disk quota exceeded", path)
    return OutputError(f"cannot write: {(exc.strerror or str(exc)).lower()}", path)


def _is_special(path: str) -> bool:
    """Whether ``path`` is (or links to) something other than a regular file or a folder: a
    device, FIFO or socket, or a file named through ``/dev/fd`` or ``/proc`` (a process
    substitution, ``/dev/stdout``), whose writer does not expect it replaced."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return True
    absolute = os.path.abspath(path)
    return absolute.startswith(("/dev/", "/proc/"))


@contextlib.contextmanager
def atomic_output(path: str) -> Iterator[TextIO]:
    """Open ``path`` for writing UTF-8 text (see the module): a regular file (or one that does not
    exist yet) through a temporary file renamed on success, removed on any error or Ctrl-C; a
    symlink's target the same way; a special file directly. Errors are one-line
    :class:`OutputError`\\ s naming ``path``."""
    if os.path.isdir(path):
        raise OutputError("is a directory", path)
    if _is_special(path):
        try:
            with open(path, "w", encoding="utf-8", newline="\n") as out:
                yield out
        except OSError as exc:
            raise _write_error(exc, path) from None
        return
    target = os.path.realpath(path) if os.path.islink(path) else path
    folder = os.path.dirname(os.path.abspath(target))
    try:
        handle, temp = tempfile.mkstemp(prefix=_temp_prefix(), dir=folder)
    except FileNotFoundError:
        raise OutputError("its folder does not exist", path) from None
    except OSError as exc:
        raise _write_error(exc, path) from None
    try:
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                yield out
            os.chmod(temp, 0o644)
            os.replace(temp, target)
        except OSError as exc:
            raise _write_error(exc, path) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def remove_stale_temporaries(folder: str) -> list[str]:
    """Remove the temporary files in ``folder`` that a bitext process of this host left when it
    was killed (its process is gone); returns their names. Those of live processes, other hosts'
    and other programs' files are left alone."""
    removed = []
    host = socket.gethostname().replace("-", "_") or "host"
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        parts = entry.name[len(TEMP_PREFIX):].split("-") if entry.name.startswith(TEMP_PREFIX) else []
        if len(parts) < 3 or parts[0] != host or not parts[1].isdigit() or not entry.is_file(follow_symlinks=False):
            continue
        if _alive(int(parts[1])):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(entry.name)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def refuse_overwriting_inputs(outputs: Iterable[str | None], inputs: Iterable[str | None]) -> None:
    """A one-line :class:`OutputError` when an output path is one of the inputs (the same file,
    whatever the path says: links, ``./``, case)."""
    existing = [p for p in inputs if p and p != "-" and os.path.exists(p)]
    for output in outputs:
        if not output or output == "-" or not os.path.exists(output) or _is_special(output):
            continue
        for source in existing:
            with contextlib.suppress(OSError):
                if os.path.samefile(output, source):
                    raise OutputError(f"is an input of this run ({source}); bitext does not overwrite its input",
                                      output)
