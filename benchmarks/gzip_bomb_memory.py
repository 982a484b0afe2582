"""Peak memory and wall time of `python -m cleaners clean` on a WARC whose one record is a gzip bomb.

    python benchmarks/gzip_bomb_memory.py [--gib 1] [--encoding gzip|chunked] [--limit-gb 8] [--timeout 600]

Builds, in a temporary directory, a .warc.gz of a few KB: two real pages (the seed story as HTML), then one
response whose `Content-Encoding: gzip` payload inflates to --gib GiB of spaces after `<html><body>` (with
--encoding chunked, the same payload sent in one HTTP chunk), then two more real pages. Runs the real CLI on
it under an address-space limit (RLIMIT_AS, --limit-gb) so that a reader that inflates the bomb whole fails
inside the limit instead of driving the machine into swap, and a wall-clock --timeout. Prints the file's
size, the CLI's peak RSS (ru_maxrss from wait4), wall time, exit status and what became of every record.
Not a test: the numbers depend on the machine.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.bombs import deflate_bomb  # noqa: E402

SEED = REPO / "tests" / "fixtures" / "seeds" / "002_08b51e217c1001c8.txt"


def build(path: Path, gib: float, encoding: str) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    text = SEED.read_text(encoding="utf-8")
    page = ("<html><body><p>" + text.replace("\n", "</p><p>") + "</p></body></html>").encode()
    bomb = deflate_bomb(int(gib * (1 << 30)))
    headers = [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")]
    if encoding == "chunked":
        bomb = b"%x\r\n" % len(bomb) + bomb + b"\r\n0\r\n\r\n"
        headers.append(("Transfer-Encoding", "chunked"))
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        for url, body, extra in [("http://a.cn/1.html", page, []), ("http://a.cn/2.html", page, []),
                                 ("http://a.cn/bomb.html", bomb, headers),
                                 ("http://a.cn/3.html", page, []), ("http://a.cn/4.html", page, [])]:
            http = StatusAndHeaders("200 OK", extra or [("Content-Type", "text/html; charset=utf-8")],
                                    protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=http))


def run(cmd: list[str], cwd: Path, limit_bytes: int, timeout: float) -> tuple[float, int, int | str]:
    """(seconds, peak RSS in KB, exit status or what stopped it)."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))

    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, preexec_fn=limit, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = "killed at the timeout"
            break
        time.sleep(0.05)
    took = time.perf_counter() - started
    code = proc.returncode if isinstance(proc.returncode, str) else os.waitstatus_to_exitcode(status)
    proc.returncode = 0 if isinstance(code, str) else code  # reaped already: Popen must not wait again
    err = proc.stderr.read().decode(errors="replace").strip()
    if err:
        print("  stderr:", err.splitlines()[-1][:200])
    return took, usage.ru_maxrss, code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gib", type=float, default=1.0, help="what the bomb inflates to, in GiB")
    parser.add_argument("--encoding", choices=("gzip", "chunked"), default="gzip")
    parser.add_argument("--limit-gb", type=float, default=8.0, help="address-space limit of the CLI (RLIMIT_AS)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before the CLI is killed")
    parser.add_argument("--repo", type=Path, default=REPO, help="checkout whose cleaners package to run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        warc = Path(tmp) / "bomb.warc.gz"
        build(warc, args.gib, args.encoding)
        out = Path(tmp) / "out.jsonl"
        print(f"input: {warc.stat().st_size / 1024:.1f} KB WARC, one record inflating to {args.gib:g} GiB "
              f"({args.encoding}), 4 real pages; RLIMIT_AS {args.limit_gb:g} GB")
        took, peak_kb, code = run([sys.executable, "-m", "cleaners", "clean", str(warc), "-o", str(out), "-q"],
                                  args.repo, int(args.limit_gb * 1e9), args.timeout)
        kept = [json.loads(line) for line in open(out, encoding="utf-8")] if out.exists() else []
        rejects = Path(tmp) / "out.rejects.jsonl"
        rejected = [json.loads(line) for line in open(rejects, encoding="utf-8")] if rejects.exists() else []
        reasons = Counter(r["reason"] for r in rejected)
        print(f"{'seconds':>8} {'peak RSS':>10} {'exit':>6}  kept  rejected")
        print(f"{took:>8.1f} {peak_kb / 1024:>7.0f} MB {code!s:>6}  {len(kept):>4}  {dict(reasons)}")


if __name__ == "__main__":
    main()
