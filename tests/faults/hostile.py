"""A generated hostile corpus: every kind of bad input an operator's worst night has shown, beside good
articles. ``build(folder)`` writes it and returns what each input must become (an article, possibly
capped, or a reject whose reason holds a given phrase)."""

from __future__ import annotations

import codecs
import gzip
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

GOOD_BODY = (
    "MAIDUGURI, Nigeria - Suspected militants attacked a military base in Monguno on Sunday, killing "
    "four soldiers, the army said. Troops repelled the attack after a two-hour gun battle.\n"
)


@dataclass(frozen=True)
class Expect:
    uri: str
    outcome: str  # "article" or "reject"
    phrase: str = ""  # in the reject's reason, or in the article's ``capped``


def _json(folder: Path, name: str, obj: object) -> Path:
    path = folder / name
    path.write_text(json.dumps(obj), encoding="utf-8")
    return path


def _good(n: int, **extra: object) -> dict[str, object]:
    return {"id": f"good-{n}", "title": f"Attack on base {n}", "published": "2024-02-04", "text": GOOD_BODY} | extra


def build(folder: Path, copies: int = 12, seeds: list[Path] | None = None) -> list[Expect]:
    """Write the corpus under ``folder``: ``copies`` variants of each hostile kind (a few hundred files)."""
    folder.mkdir(parents=True, exist_ok=True)
    out: list[Expect] = []

    def reject(path: Path | str, phrase: str) -> None:
        out.append(Expect(path if isinstance(path, str) else path.name, "reject", phrase))

    for k in range(copies):
        # JSON nested far past the recursion limit
        deep = folder / f"deep-{k}.json"
        deep.write_text("[" * (100_000 + k) + "]" * (100_000 + k))
        reject(deep, "nested too deeply")
        # fields of the wrong type
        reject(_json(folder, f"lang-{k}.json", _good(k, language=5 + k)), "'language' must be a string")
        reject(_json(folder, f"url-{k}.json", _good(k, url=5 + k)), "'url' must be a string")
        reject(_json(folder, f"source-{k}.json", _good(k, source={"name": f"x{k}"})), "'source' must be a string")
        reject(_json(folder, f"title-type-{k}.json", _good(k, title=[k])), "'title' must be a string")
        # a lone surrogate, legal as a JSON escape, impossible to store as UTF-8
        surrogate = folder / f"surrogate-{k}.json"
        surrogate.write_text(json.dumps(_good(k)).replace("four soldiers", f"four \\ud8{k:02x} soldiers"))
        reject(surrogate, "lone surrogate")
        # implausible or clock-relative publication dates
        for tag, value, phrase in (
            ("far-future", "9999-12-31T23:59:59-05:00", "unreadable publication date"),
            ("future", f"{9000 + k}-06-01", "implausible publication date"),
            ("ancient", f"000{1 + k % 9}-01-01", "implausible publication date"),
            ("old", f"1800-01-{1 + k:02d}", "implausible publication date"),
            ("now", "now", "unreadable publication date"),
            ("years", f"in {3000 + k} years", "unreadable publication date"),
        ):
            body = GOOD_BODY.replace("on Sunday", "three days ago")
            reject(_json(folder, f"date-{tag}-{k}.json", _good(k, published=value, text=body)), phrase)
        # undecodable or binary bytes, empty, corrupt gzip, a gzip bomb, unsupported type
        (folder / f"nul-{k}.txt").write_bytes(b"Title\n2024-02-04\n\x00\x01" * 10)
        reject(f"nul-{k}.txt", "NUL bytes")
        (folder / f"latin1-{k}.txt").write_bytes(f"Caf\xe9 {k}\n2024-02-04\nBody caf\xe9.".encode("latin-1"))
        reject(f"latin1-{k}.txt", "not valid UTF-8")
        (folder / f"empty-{k}.json").write_bytes(b"")
        reject(f"empty-{k}.json", "empty file")
        (folder / f"corrupt-{k}.json.gz").write_bytes(gzip.compress(b'{"text": "x"}')[: -8 - k % 4])
        reject(f"corrupt-{k}.json.gz", "gzip")
        (folder / f"notes-{k}.docx").write_bytes(b"PK\x03\x04")
        reject(f"notes-{k}.docx", "unsupported file type")
        # a JSONL file with good and bad lines: each line accounted for on its own
        lines = [json.dumps(_good(1000 + k)), "{broken", json.dumps(_good(2000 + k, language=7))]
        (folder / f"mixed-{k}.jsonl").write_text("\n".join(lines) + "\n")
        out.append(Expect(f"mixed-{k}.jsonl#L1", "article"))
        reject(f"mixed-{k}.jsonl#L2", "malformed JSON line")
        reject(f"mixed-{k}.jsonl#L3", "'language' must be a string")

    bomb = folder / "bomb.json.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as handle:
        handle.write(b" " * (65 * 1024 * 1024))
    reject(bomb, "decompressed file too large")

    # special entries: a fifo, a dangling link, a link loop; a name that is not UTF-8
    os.mkfifo(folder / "pipe.json")
    reject("pipe.json", "not a regular file (fifo)")
    (folder / "dangling.json").symlink_to(folder / "no-such-file.json")
    reject("dangling.json", "dangling symbolic link")
    (folder / "loop-a.json").symlink_to(folder / "loop-b.json")
    (folder / "loop-b.json").symlink_to(folder / "loop-a.json")
    reject("loop-a.json", "symbolic link loop")
    reject("loop-b.json", "symbolic link loop")
    bad_name = os.fsencode(folder) + b"/caf\xe9-latin1-name.json"
    with open(bad_name, "w") as handle:
        json.dump(_good(3000), handle)
    reject("caf\\xe9-latin1-name.json", "file name is not valid UTF-8")

    # good articles in odd encodings and odd names, read
    for n, codec in enumerate(("utf-16", "utf-32", "utf-16-be", "utf-32-le")):
        text = f"Attack on base {4000 + n}\n2024-02-04\n{GOOD_BODY}"
        bom = {"utf-16-be": codecs.BOM_UTF16_BE, "utf-32-le": codecs.BOM_UTF32_LE}.get(codec, b"")
        (folder / f"encoded-{codec}.txt").write_bytes(bom + text.encode(codec))
        out.append(Expect(f"encoded-{codec}.txt", "article"))
    odd = folder / "sub dir" / "ünïcode name (1).json"
    odd.parent.mkdir()
    _json(odd.parent, odd.name, _good(5000))
    out.append(Expect("sub dir/ünïcode name (1).json", "article"))

    # pathological but real: capped, not rejected
    words = " ".join(f"word{i % 97}" for i in range(24_000))
    _json(folder, "no-full-stop.json", _good(6000, text=f"Militants attacked a base in Monguno {words}"))
    out.append(Expect("no-full-stop.json", "article", "sentences"))
    _json(folder, "huge-title.json", _good(6001, title="Headline " * 16_000))
    out.append(Expect("huge-title.json", "article", "title"))

    for path in seeds or []:
        shutil.copy(path, folder / path.name)
        out.append(Expect(path.name, "article"))
    return out
