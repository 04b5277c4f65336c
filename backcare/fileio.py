"""Plain file operations that say nothing to a person: a private folder, and the bytes of a
regular file read without ever waiting. They stand below everything that has words, so the
content loader, the answers file and the log can all use them."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def private_folder(folder: Path) -> None:
    """Create `folder` and each missing folder above it as 0700, whatever the umask: a
    parent made by `mkdir(parents=True)` would take the umask's mode (0777 under umask 000)."""
    missing: list[Path] = []
    here = folder
    while not os.path.lexists(here) and here != here.parent:
        missing.append(here)
        here = here.parent
    for part in reversed(missing):
        try:
            os.mkdir(part, 0o700)
        except FileExistsError:  # another backcare made it just now
            continue
        os.chmod(part, 0o700)
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(folder))


class NotAFile(OSError):
    """A pipe, a device, a socket or a folder where a file's bytes were to be read."""


class TooLarge(OSError):
    """A file larger than what is read from it can be."""


def open_regular(path: Path, follow: bool = True) -> int:
    """A descriptor open for reading on `path` if it is a regular file; else NotAFile or the
    system's OSError. A FIFO put in its place is never waited on and a device is never
    opened: it is looked at first, then opened without blocking and looked at again, in
    case it was swapped in between. `follow=False` refuses a symbolic link."""
    look = os.stat if follow else os.lstat
    if not stat.S_ISREG(look(path).st_mode):
        raise NotAFile(errno.EINVAL, "not a regular file", str(path))
    flags = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
             | (0 if follow else getattr(os, "O_NOFOLLOW", 0)))
    fd = os.open(path, flags)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotAFile(errno.EINVAL, "not a regular file", str(path))
    return fd


def read_regular(path: Path, limit: int, follow: bool = True) -> bytes:
    """The bytes of `path` if it is a regular file (`open_regular`) of at most `limit` bytes;
    else NotAFile, TooLarge or the system's OSError."""
    fd = open_regular(path, follow)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise TooLarge(errno.EFBIG, "too large", str(path))
        data = b""
        while len(data) <= limit:  # a file that grows as it is read stops at the limit
            chunk = os.read(fd, max(size + 1 - len(data), 1 << 16))
            if not chunk:
                return data
            data += chunk
        raise TooLarge(errno.EFBIG, "too large", str(path))
    finally:
        os.close(fd)
