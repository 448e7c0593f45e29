"""Recorded Indonesian speech for the voice benchmark, fetched at benchmark time, never committed.

Three public corpora of ATR / TELKOMRisTI (S. Sakti et al.), licence CC BY-NC-SA 4.0: we only
measure with them; no audio or transcript of theirs enters this repository.

- ``s-sakti/data_indsp_teldialog_svcsr``: telephone-dialog sentences and single words (119
  emergency, 108 information, ticket reservation), 100 utterances by each of many speakers
  with the accents of Java, Sumatra, Sulawesi...;
- ``s-sakti/data_indsp_digit_cdsr``: connected digits ("kosong delapan satu ..."), 104 test
  speakers;
- ``s-sakti/data_indsp_news_tts``: news sentences by one speaker.

The git repositories are read with ``git show`` (a bare mirror or a clone, ``--repos DIR``
holding ``<owner>+<name>/repo`` or ``<name>``; missing ones are cloned from GitHub as partial
clones, so only the clips used are downloaded). The chosen clips land in ``OUT`` with
``OUT/manifest.tsv``: ``path<TAB>set<TAB>kind<TAB>reference`` (kind: sentence | word |
choice | yes_no | digits).

Usage:
    .venv/bin/python scripts/voice_corpus.py OUT [--repos DIR]
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import zipfile
from pathlib import Path

OWNER = "s-sakti"
SVCSR, DIGIT, NEWS = "data_indsp_teldialog_svcsr", "data_indsp_digit_cdsr", "data_indsp_news_tts"
# Test speakers of the dialog corpus (F: female, M: male), and of the digit corpus.
SVCSR_SPEAKERS = [
    "FAL",
    "FEY",
    "FFR",
    "FHD",
    "FLN",
    "FMJ",
    "MBO",
    "MDX",
    "MEM",
    "MEP",
    "MIW",
    "MMA",
]
DIGIT_SPEAKERS = [
    "FAL",
    "FDA",
    "FEK",
    "FIF",
    "FMJ",
    "FSI",
    "MAF",
    "MBG",
    "MDM",
    "MGA",
    "MJA",
    "MSA",
]
NEWS_ZIP = "speech/SPK00_2000.zip"
SENTENCES = range(1, 43)  # svcsr utterances U001-U042 are sentences, U043-U100 single words
YES_NO = ("bisa", "tidak")  # the dialog corpus's words that answer a yes/no question
DIGIT_NAME = re.compile(r"^[FM][A-Z]{2}_(?P<digits>[0-9K]+)[AB]$")


class Repo:
    def __init__(self, name: str, repos: Path) -> None:
        candidates = [repos / f"{OWNER}+{name}" / "repo", repos / name]
        for path in candidates:
            if path.exists():
                self.git_dir = path if (path / "HEAD").is_file() else path / ".git"
                return
        target = repos / name
        url = f"https://github.com/{OWNER}/{name}.git"
        # a partial clone: only the files read below are downloaded (``git show`` fetches them)
        cmd = ["git", "clone", "--depth", "1", "--filter=blob:none", "--no-checkout"]
        subprocess.run([*cmd, url, str(target)], check=True)
        self.git_dir = target / ".git"

    def show(self, path: str) -> bytes:
        cmd = ["git", "--git-dir", str(self.git_dir), "show", f"HEAD:{path}"]
        return subprocess.run(cmd, capture_output=True, check=True).stdout

    def zip(self, path: str) -> zipfile.ZipFile | None:
        try:
            data = self.show(path)
        except subprocess.CalledProcessError:
            return None
        return zipfile.ZipFile(io.BytesIO(data)) if data else None


def _ans(text: str) -> str:
    return " ".join(re.sub(r"\|[SE]\|", " ", text).split()).lower()


def svcsr(repo: Repo, out: Path) -> list[tuple[str, str, str, str]]:
    texts = repo.zip("text/text.zip")
    assert texts is not None, "svcsr transcripts missing"
    refs = {
        int(Path(n).stem[1:]): _ans(texts.read(n).decode("latin-1"))
        for n in texts.namelist()
        if n.endswith(".ANS")
    }
    rows = []
    for k, speaker in enumerate(SVCSR_SPEAKERS):
        archive = repo.zip(f"speech/test/{speaker}.zip")
        if archive is None:
            continue
        for name in archive.namelist():
            if not name.endswith(".wav"):
                continue
            utt = int(Path(name).stem.split("_U")[1])
            # every sentence from three speakers; every word from one speaker for the WER
            # set, from two others as a choice among buttons, the yes/no words from all
            if utt in SENTENCES:
                kind = "sentence" if (utt + k) % 4 == 0 else ""
            elif refs[utt] in YES_NO:
                kind = "yes_no"
            else:
                kind = {0: "word", 3: "choice", 9: "choice"}.get((utt + k) % 12, "")
            if not kind:
                continue
            dest = out / "svcsr" / Path(name).name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(archive.read(name))
            rows.append((f"svcsr/{dest.name}", "svcsr", kind, refs[utt]))
    return rows


def digits(repo: Repo, out: Path) -> list[tuple[str, str, str, str]]:
    rows = []
    for speaker in DIGIT_SPEAKERS:
        archive = repo.zip(f"speech/test1/{speaker}.zip")
        if archive is None:
            continue
        for name in archive.namelist():
            match = DIGIT_NAME.match(Path(name).stem)
            if not name.endswith(".wav") or match is None:
                continue
            dest = out / "digit" / Path(name).name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(archive.read(name))
            rows.append(
                (f"digit/{dest.name}", "digit", "digits", match["digits"].replace("K", "0"))
            )
    return rows


def news(repo: Repo, out: Path) -> list[tuple[str, str, str, str]]:
    archive = repo.zip(NEWS_ZIP)
    if archive is None:
        return []
    refs = dict(
        line.split("\t", 1)
        for line in repo.show("text/norm_transcript").decode("utf-8").splitlines()
        if "\t" in line
    )
    rows = []
    for name in archive.namelist():
        stem = Path(name).stem
        if name.endswith(".wav") and stem in refs:
            dest = out / "news" / Path(name).name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(archive.read(name))
            rows.append((f"news/{dest.name}", "news", "sentence", refs[stem].strip().lower()))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--repos", type=Path, default=Path("/work/.mirror"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    args.repos.mkdir(parents=True, exist_ok=True)
    rows = svcsr(Repo(SVCSR, args.repos), args.out)
    rows += digits(Repo(DIGIT, args.repos), args.out)
    rows += news(Repo(NEWS, args.repos), args.out)
    lines = ["\t".join(row) for row in sorted(rows)]
    (args.out / "manifest.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for _, corpus, kind, _ in rows:
        counts[f"{corpus}/{kind}"] = counts.get(f"{corpus}/{kind}", 0) + 1
    print(f"{len(rows)} clips in {args.out}: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
