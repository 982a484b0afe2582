"""Resumable clean runs (`--resume`): a run killed midway and started again finishes the job, exactly once.

A resumable run appends to OUT and REJECTS as it goes and keeps a journal beside OUT (`OUT.journal`, JSON
lines). Every checkpoint (every `--checkpoint-every` documents or 5 seconds, and at the end) first makes the
output files durable (flush + fsync), then appends to the journal how many input documents are done and how
long each file is at that point:

    {"journal": 1, "run": "…", "args": {…}}                     the run's arguments (must match on restart)
    {"units": 4000, "out": 9551843, "rejects": 120931, "sigs": 2048000, "last": "doc0003999"}
    {"complete": true, "units": 9000}

Restarted with the same command, the run reads the last complete checkpoint, truncates OUT and REJECTS to the
sizes it records (dropping a line cut in half by the kill and every line written after the checkpoint), skips
the documents it counts (checking that the last one has the recorded id, so changed inputs are refused rather
than mis-resumed) and carries on appending. With near-duplicate detection on, the signatures of the kept
documents go to `OUT.journal.sigs` under the same discipline, so the index of what is already kept is
rebuilt without cleaning anything again. With site templates on (the default; cleaners.templates), what each
kept document taught its host's template goes to `OUT.journal.templates` (JSON lines) under the same
discipline, and is learned again in the same order, so a resumed run removes exactly what an uninterrupted
one would. Documents read in the same order on every run (sorted directory
walk, records in file order), which is what makes a count a position.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from cleaners.output import jsonl_line

VERSION = 1


class ResumeError(Exception):
    """The journal cannot be resumed from (other arguments, files changed underneath it)."""


class State:
    """Where a run stands: its journal's header and its last checkpoint. (A plain class: `clean` imports this
    module on every run, and dataclasses costs a sixth of a small run's start-up to import.)"""

    def __init__(self, run: str, args: dict, units: int = 0, out: int = 0, rejects: int = 0, sigs: int = 0,
                 templates: int = 0, last: str | None = None, complete: bool = False, fresh: bool = True,
                 extra: dict | None = None):
        self.run, self.args = run, args
        self.units, self.out, self.rejects, self.sigs, self.templates = units, out, rejects, sigs, templates
        self.last, self.complete, self.fresh = last, complete, fresh
        self.extra = {} if extra is None else extra


def journal_path(out: str | Path) -> Path:
    return Path(f"{out}.journal")


def sigs_path(out: str | Path) -> Path:
    return Path(f"{out}.journal.sigs")


def templates_path(out: str | Path) -> Path:
    return Path(f"{out}.journal.templates")


class Journal:
    def __init__(self, out: str | Path):
        self.path = journal_path(out)
        self._f = None

    def read(self) -> State | None:
        """The state of the last complete checkpoint, or None when there is no journal."""
        if not self.path.exists():
            return None
        state: State | None = None
        with open(self.path, "rb") as f:
            for raw in f:
                if not raw.endswith(b"\n"):
                    break  # a line cut by the kill: the checkpoint before it holds
                try:
                    entry = json.loads(raw)
                except ValueError:
                    break
                if "journal" in entry:
                    if entry["journal"] != VERSION:
                        raise ResumeError(f"{self.path}: journal version {entry['journal']}, expected {VERSION}")
                    state = State(run=entry["run"], args=entry["args"], fresh=False)
                elif state is None:
                    raise ResumeError(f"{self.path}: no header line")
                elif entry.get("complete"):
                    state.complete = True
                else:
                    for key in ("units", "out", "rejects", "sigs", "templates", "last"):
                        setattr(state, key, entry.get(key, getattr(state, key)))
        if state is None:
            raise ResumeError(f"{self.path}: empty or damaged journal")
        return state

    def start(self, args: dict) -> State:
        """A new journal for a run starting from nothing."""
        import uuid   # here: `clean` reads this module's paths on every run, and uuid costs a few ms to import

        state = State(run=uuid.uuid4().hex, args=args)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(json.dumps({"journal": VERSION, "run": state.run, "args": args}, ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)
        return state

    def append(self, entry: dict) -> None:
        if self._f is None:
            self._f = open(self.path, "ab")
        self._f.write(jsonl_line(entry))
        self._f.flush()
        os.fsync(self._f.fileno())

    def close(self) -> None:
        if self._f is not None:
            self._f.close()
            self._f = None


def remove(out: str | Path) -> None:
    """Forget an interrupted resumable run (after a run without --resume has replaced its output)."""
    for p in (journal_path(out), sigs_path(out), templates_path(out)):
        try:
            p.unlink()
        except FileNotFoundError:
            pass
