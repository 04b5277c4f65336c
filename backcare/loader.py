"""Loading the content: every file read and validated, proved coherent, translated, with
the clinic's profile; and a cached copy of the result, which cannot change a decision."""

import contextlib
import hashlib
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import msgspec

from backcare.coherence import clinic_problems, problems
from backcare.content import Content, is_phone_number
from backcare.content_files import (
    FILES,
    TEXT_LIMIT,
    clinic_todo,
    describe,
    load_clinic,
    read_toml,
)
from backcare.errors import ContentError
from backcare.fileio import private_folder, read_regular
from backcare.language import ENGLISH, _, available, current
from backcare.paths import cache_dir, data_dir
from backcare.records import ValidationError, where
from backcare.translation import translate
from backcare.version import __version__


def load_content(folder: Path | None = None, clinic_file: Path | None = None) -> Content:
    """Read and validate every content file; errors name the file, item and problem."""
    folder = folder or data_dir()
    merged: dict[str, object] = {}
    file_of: dict[str, Path] = {}
    digest = hashlib.sha256()
    for name, keys in FILES.items():
        path = folder / name
        raw = read_toml(path)
        digest.update(path.read_bytes())
        unknown = sorted(set(raw) - set(keys))
        if unknown:
            raise ContentError(str(path), _("unknown section {names}").format(
                names=", ".join(unknown)))
        for key in keys:
            file_of[key] = path
            if key in raw:
                merged[key] = raw[key]
    merged["clinic"] = (load_clinic(clinic_file) if clinic_file
                        else load_clinic(folder / "clinic.toml", shipped=True))
    merged["version"] = digest.hexdigest()[:12]
    try:
        content = msgspec.convert(merged, Content)
    except ValidationError as exc:
        loc = where(exc)[1]
        section = str(loc[0]) if loc else ""
        path = file_of.get(section, folder)
        raise ContentError(str(path), describe(exc, merged)) from None
    of_clinic = clinic_problems(content)
    if of_clinic:  # the profile is at fault, not the shipped files
        raise ContentError(str(clinic_file or folder / "clinic.toml"), "; ".join(of_clinic),
                           clinic_todo(clinic_file is None))
    found = problems(content)
    if found:
        raise ContentError(str(folder), "; ".join(found))
    if content.clinic.language:
        languages = available(folder)
        if content.clinic.language not in languages:
            raise ContentError(str(clinic_file or folder / "clinic.toml"),
                               _("language {lang} is not available; available: {languages}"
                                 ).format(lang=repr(content.clinic.language),
                                          languages=", ".join(languages)),
                               clinic_todo(clinic_file is None))
    return content


def emergency_line(clinic_file: Path | None = None) -> str:
    """What to say when the content itself cannot be loaded: read as much as can be read,
    so that even then the person hears the clinic's emergency number, in their language."""
    import tomllib

    def read(path: Path | None) -> dict[str, Any]:
        """Never waits on a pipe put in a file's place: this is said when loading failed."""
        return tomllib.loads(read_regular(path, TEXT_LIMIT).decode("utf-8")) if path else {}

    number, text = "", ""
    for path in (clinic_file, data_dir() / "clinic.toml"):
        try:
            raw = read(path)
            clinic = raw.get("clinic", raw)
            said = clinic.get("emergency_number")
        except (OSError, ValueError, AttributeError):
            continue
        if is_phone_number(said):  # a profile's other words may be bad; never this one
            number = number or str(said)
    lang = current().lang
    window = data_dir() / ("window.toml" if lang == ENGLISH else f"{lang}/window.toml")
    try:
        raw = read(window)
        text = next(str(m["text"]) for m in raw.get("messages", [])
                    if isinstance(m, dict) and m.get("id") == "content-broken")
    except (OSError, ValueError, StopIteration, KeyError, AttributeError):
        pass
    if not text:
        return _("If this may be an emergency, call your local emergency number now.")
    return text.replace("{emergency_number}", number or _("your local emergency number"))


@cache
def shipped_content(clinic_file: Path | None = None, lang: str = "en") -> Content:
    """The content in `lang`, validated once per change of its files: a copy keyed by the
    files' bytes is kept in the cache folder, so most runs skip reading the TOML."""
    try:
        cached = _cache_file(clinic_file, lang)
        kept = _from_cache(cached) if cached is not None else None
        if kept is not None:
            return kept
        content = load_content(clinic_file=clinic_file)
        if lang != "en":
            content = translate(content, data_dir(), lang)
    except ContentError as exc:
        exc.clinic_file = str(clinic_file) if clinic_file else None
        raise
    if cached is not None:
        _keep_in_cache(cached, content)
    return content


def _cache_file(clinic_file: Path | None, lang: str) -> Path | None:
    """Where the validated content of exactly these files is cached; None if a file cannot
    be read, or is a pipe or a device (loading then says which and why)."""
    folder = data_dir()
    digest = hashlib.sha256(f"{__version__}\0{lang}".encode())
    here = Path(__file__).parent
    # what it was made with
    for models in ("content.py", "coherence.py", "records.py", "translation.py"):
        digest.update((here / models).read_bytes())
    paths = [*(folder / name for name in FILES), clinic_file or folder / "clinic.toml"]
    if lang != "en":
        paths += [folder / lang / name for name in FILES if name != "sources.toml"]
    try:
        for path in paths:
            digest.update(str(path).encode() + b"\0" + read_regular(path, TEXT_LIMIT) + b"\0")
    except OSError:
        return None
    return cache_dir() / f"content-{digest.hexdigest()[:24]}.msgpack"


CACHE_LIMIT = 1 << 22
"""The kept content is some 50 KiB in any language: a file eighty times that is not ours."""

SEAL = 32
"""A kept copy starts with the sha256 of its name and its payload, the payload being the
content in msgpack. The name is in it so that a sound copy made for other files (another
clinic profile, with another emergency number) cannot pass for this one by being renamed."""


def _seal(path: Path, payload: bytes | memoryview) -> bytes:
    digest = hashlib.sha256(path.name.encode() + b"\0")
    digest.update(payload)
    return digest.digest()


def _from_cache(path: Path) -> Content | None:
    """The content kept at `path`; None, so that it is rebuilt from the files, if anything
    is odd: not a regular file (never waited on or read if a pipe or a device), a seal that
    does not match its bytes, a payload that does not decode to the content's strict types,
    or content that fails the coherence proofs.

    The seal catches a damaged or edited copy, such as an emergency turned into "urgent",
    which every proof would pass; the proofs catch incoherent content that was sealed anew
    (levels = [] would end a check in a StopIteration). A sound seal on other coherent
    content would pass: whoever can write it in the user's private cache folder could as
    well edit backcare itself. All of `problems()` is run, not a cheaper part of it: on the
    shipped content it costs about 0.3 ms of the 2 ms a cached load takes."""
    try:
        kept = read_regular(path, CACHE_LIMIT, follow=False)
    except OSError:
        return None
    payload = memoryview(kept)[SEAL:]
    if kept[:SEAL] != _seal(path, payload):
        return None
    try:
        content = msgspec.msgpack.decode(payload, type=Content)
    except msgspec.DecodeError:  # a ValidationError too: the models' own checks
        return None
    return None if problems(content) else content


def _keep_in_cache(path: Path, content: Content) -> None:
    """Best effort: a cache that cannot be written only costs time on the next run.

    `path` is always one that `_cache_file` named: backcare's own name in its cache folder.
    The new copy takes that name in one step (os.replace), so whatever bad thing was there,
    a damaged copy, a pipe or a symbolic link, is replaced, never written through; a folder
    in the way is left alone, and each run then rebuilds. The folders are made 0700 and
    the copy 0600, whatever the umask."""
    with contextlib.suppress(OSError, msgspec.EncodeError):
        private_folder(path.parent)
        payload = msgspec.msgpack.encode(content)
        fd, tmp = tempfile.mkstemp(prefix=".content.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                os.fchmod(fh.fileno(), 0o600)
                fh.write(_seal(path, payload))
                fh.write(payload)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
