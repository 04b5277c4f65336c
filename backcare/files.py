"""Writing files safely: the whole file or nothing, private to the user.

Every failure of the operating system here becomes a `FileProblem` that names the
path, says the reason in words and what to do: never an "unexpected error".
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from backcare.errors import FileProblem
from backcare.fileio import NotAFile, open_regular, private_folder
from backcare.language import N_, _

REASONS = {
    errno.ENOSPC: (N_("the disk is full"), N_("Free some space, then try again.")),
    errno.EDQUOT: (N_("the disk quota is used up"), N_("Free some space, then try again.")),
    errno.EFBIG: (N_("the file is larger than this system allows (a file-size limit)"),
                  N_("Raise the file-size limit (ulimit -f), then try again.")),
    errno.EACCES: (N_("permission is denied"),
                   N_("Check the permissions of the file and its folder.")),
    errno.EPERM: (N_("the operation is not permitted"),
                  N_("Check the permissions of the file and its folder.")),
    errno.EROFS: (N_("it is on a read-only file system"), N_("Use a folder you can write to.")),
    errno.ENOTDIR: (N_("a part of the path is a file, not a folder"),
                    N_("Point BACKCARE_HOME (or the output path) at a folder.")),
    errno.EEXIST: (N_("a file is in the way where a folder should be"),
                   N_("Point BACKCARE_HOME (or the output path) at a folder.")),
    errno.EISDIR: (N_("it is a folder"), N_("Name a file, not a folder.")),
    errno.ENOENT: (N_("a folder on the path does not exist"),
                   N_("Create the folder, or name another.")),
    errno.ELOOP: (N_("it is a symbolic link that loops back on itself"),
                  N_("Remove the link, or point it at a file.")),
    errno.EIO: (N_("the disk did not keep what was written (an input/output error)"),
                N_("Check the disk, then try again.")),
}
"""The reason in words and what to do, by errno; translated where they are said."""

WRITTEN = N_("cannot be written")


def file_problem(path: Path | str, exc: OSError, what: str = WRITTEN) -> FileProblem:
    """`what` (`cannot be read`) is marked with `N_()` by the caller and translated here."""
    known = REASONS.get(exc.errno or 0)
    if known:
        reason, todo = _(known[0]), _(known[1])
    else:  # the system's own words
        reason = exc.strerror or str(exc)
        todo = _("Check the file and its folder, then try again.")
    where = exc.filename if isinstance(exc.filename, str) and exc.filename else str(path)
    return FileProblem(where, _("{what}: {reason}").format(what=_(what), reason=reason), todo)


@contextlib.contextmanager
def problems_named(path: Path | str, what: str = WRITTEN) -> Iterator[None]:
    """Turn any OSError inside into a FileProblem for `path`; `what` as in `file_problem`."""
    try:
        yield
    except OSError as exc:
        raise file_problem(path, exc, what) from None


def ensure_folder(folder: Path) -> None:
    with problems_named(folder, N_("cannot be used as backcare's folder")):
        private_folder(folder)


def atomic_write(path: Path, content: str | bytes | Iterable[bytes], mode: int = 0o600) -> None:
    """Write the whole file or nothing: a temp file beside it, every byte written and read
    back, fsync, then os.replace. A short write (a file-size limit, a full disk) raises and
    leaves the old file as it was; so does an error raised by `content` as it is produced,
    which lets a long file be streamed through in constant memory."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    chunks = [content] if isinstance(content, bytes) else content
    ensure_folder(path.parent)
    with problems_named(path):
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            try:
                os.fchmod(fd, mode)
                written = hashlib.sha256()
                for chunk in chunks:
                    _write_all(fd, chunk)
                    written.update(chunk)
                os.fsync(fd)
                _read_back(fd, written.digest())
            finally:
                os.close(fd)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        view = view[written:]


def _read_back(fd: int, digest: bytes) -> None:
    """What the file holds is what was meant, byte for byte."""
    os.lseek(fd, 0, os.SEEK_SET)
    held = hashlib.sha256()
    while chunk := os.read(fd, 1 << 20):
        held.update(chunk)
    if held.digest() != digest:
        raise OSError(errno.EIO, os.strerror(errno.EIO))


def followed(path: Path) -> Path:
    """The file `path` names: itself, or the target of a symbolic link (a log kept in a
    synced folder), so that a write replaces the target and keeps the link. A link whose
    target is missing, or that loops, is refused with the link named."""
    if not path.is_symlink():
        return path
    try:
        return Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:
        raise FileProblem(str(path), _("is a symbolic link to {target}, which does not exist"
                                       ).format(target=os.readlink(path)),
                          _("Point the link at your file, or remove it to start a new log."
                            )) from None
    except OSError as exc:
        raise file_problem(path, exc, N_("cannot be read")) from None


def unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are each given once (json's object_pairs_hook): a repeated
    key would otherwise let the last one silently win."""
    keys = [k for k, _value in pairs]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise ValueError(_("the key {key} is given twice").format(key=repr(twice[0])))
    return dict(pairs)


def remove_orphans(path: Path) -> list[Path]:
    """Temp files a killed writer left beside `path`. Call only while holding its lock."""
    removed = []
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed.append(tmp)
    return removed


def broken_file(path: Path, problem: str) -> FileProblem:
    return FileProblem(
        str(path), problem,
        _("backcare has not changed it. Fix it by hand, or move it aside "
          "(mv '{path}' '{path}.broken') to start a new log.").format(path=path),
    )


@contextlib.contextmanager
def opened(path: Path) -> Iterator[BinaryIO | None]:
    """The file to read, or None if there is none; a FIFO, a device or a folder is refused
    at once, never waited on, and so is a symbolic link that loops or points nowhere."""
    try:
        fd = open_regular(path)
    except FileNotFoundError:
        followed(path)  # a dangling link is refused, named; a missing file is no log yet
        yield None
        return
    except NotAFile:
        raise not_regular(path) from None
    except OSError as exc:
        raise file_problem(path, exc, N_("cannot be read")) from None
    try:
        with os.fdopen(fd, "rb", closefd=False) as fh:
            yield fh
    except OSError as exc:
        raise file_problem(path, exc, N_("cannot be read")) from None
    finally:
        os.close(fd)


def not_regular(path: Path) -> FileProblem:
    return FileProblem(str(path), _("is not a regular file"),
                       _("Move it aside (mv '{path}' '{path}.broken'); backcare has not "
                         "changed it.").format(path=path))


def refuse_unwritable(path: Path) -> None:
    """A file whose permissions forbid writing stays as it is, even for root, who could."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # missing, or unreadable: reading it says so
    if not mode & stat.S_IWUSR:
        raise FileProblem(str(path), _("is read-only: its permissions do not allow writing"),
                          _("backcare has not changed it. To record anything new, make it "
                            "writable (chmod u+w '{path}').").format(path=path))


def log_file(path: Path) -> Path:
    """The log itself: `path`, or the file a symbolic link at `path` points to (a log kept
    in a synced folder). Its lock, archive, backups and temp files are kept beside it and
    named after it, so every home that links to one log shares one lock and one archive.
    A link that loops or points nowhere is refused, named."""
    return followed(path)
