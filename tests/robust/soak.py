#!/usr/bin/env python3
# SPDX-License-Identifier: AGPL-3.0-or-later
"""soak.py: a long run at half of Kring's maximum rate, mixing reads and writes.

    python3 tests/robust/soak.py build/release/kring

Starts `kring serve` on a copy of the demo database, signs in as the demo employee, finds the
maximum rate of the mix with wrk (SOAK_PROBE_SECONDS, 5), then runs the mix paced at half that
rate for SOAK_SECONDS (600): nine in ten requests read a signed-in page (/networks, a
network, /), one in ten saves display preferences (POST /preferences, a write to the account).
Every answer must be 200 or 303 and no connection may fail; the resident size (VmRSS, sampled
every SOAK_SAMPLE_SECONDS, 10) must stay within 10% of what it is after the first tenth of the
run (the warm-up). Ends with `soak: N passed, N failed`.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "http"))
sys.dont_write_bytecode = True

import harness  # noqa: E402
from harness import DEMO, Client, Server, check, sign_in_full  # noqa: E402

SECONDS = int(os.environ.get("SOAK_SECONDS", "600"))
PROBE = int(os.environ.get("SOAK_PROBE_SECONDS", "5"))
SAMPLE = int(os.environ.get("SOAK_SAMPLE_SECONDS", "10"))
CONNS = 16
TASKSET = (["taskset", "-c", "1"] if (os.cpu_count() or 1) >= 2 else [])

LUA = """
-- The mix: 9 reads to 1 write, each connection paced (delay()) when interval > 0.
local interval = %f
local n = 0
local paths = { "/networks", "/n/iedereen-telt", "/" }
local body = "csrf=%s&theme=dark&text=normal"
function request()
  n = n + 1
  if n %% 10 == 0 then
    return wrk.format("POST", "/preferences", {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Origin"] = "%s", ["Sec-Fetch-Site"] = "same-origin" }, body)
  end
  return wrk.format("GET", paths[(n %% 3) + 1])
end
function delay()
  if interval <= 0 then return 0 end
  return math.floor(interval * (0.5 + math.random()))
end
local bad = 0
function response(status, headers, body)
  if status ~= 200 and status ~= 303 then bad = bad + 1 end
end
function done(summary, latency, requests)
  io.write(string.format("soak-bad-status %%d\\n", bad))
end
"""


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def run_wrk(url, cookie, script, seconds):
    cmd = TASKSET + ["wrk", "-t1", f"-c{CONNS}", f"-d{seconds}s", "--latency", "--timeout",
                     "5s", "-H", f"Cookie: {cookie}", "-s", script, url]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    t = p.stdout + p.stderr
    rps = re.search(r"Requests/sec:\s+([\d.]+)", t)
    errs = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", t)
    bad = re.search(r"soak-bad-status (\d+)", t)
    return {"rps": float(rps.group(1)) if rps else 0.0,
            "errors": sum(map(int, errs.groups())) if errs else 0,
            "bad": int(bad.group(1)) if bad else -1, "text": t}


def soak():
    if not shutil.which("wrk"):
        check(False, "wrk is missing: run scripts/install-deps")
        return
    work = tempfile.mkdtemp(prefix="kring-soak-")
    try:
        with Server() as s:
            c = Client(s)
            sign_in_full(c, DEMO["employee"])
            tok = c.csrf("/preferences")
            cookie = "; ".join(f"{k}={v}" for k, v in c.cookies.items())

            def script(interval):
                path = os.path.join(work, f"mix-{interval:.0f}.lua")
                with open(path, "w") as f:
                    f.write(LUA % (interval, urllib.parse.quote(tok, safe=""), s.origin))
                return path

            probe = run_wrk(s.url("/"), cookie, script(0), PROBE)
            if not check(probe["rps"] > 0 and probe["bad"] == 0 and probe["errors"] == 0,
                         f"probing the maximum rate: {probe['rps']:.0f}/s, {probe['bad']} bad "
                         f"answers, {probe['errors']} socket errors"):
                print(probe["text"][-800:])
                return
            half = probe["rps"] / 2
            print(f"soak: maximum {probe['rps']:.0f} req/s; {SECONDS} s at about {half:.0f} "
                  "req/s", flush=True)
            samples = []
            stop = threading.Event()

            def sampler():
                while not stop.wait(SAMPLE):
                    if s.alive():
                        samples.append((time.monotonic(), rss_kib(s.proc.pid)))

            started = time.monotonic()
            t = threading.Thread(target=sampler, daemon=True)
            t.start()
            r = run_wrk(s.url("/"), cookie, script(CONNS * 1000.0 / half), SECONDS)
            stop.set()
            t.join(SAMPLE + 5)
            check(r["bad"] == 0, f"{r['bad']} answers were not 200 or 303 during the soak")
            check(r["errors"] == 0, f"{r['errors']} socket errors during the soak")
            # Other work on the machine can take the cores: only a collapse counts.
            check(r["rps"] >= half * 0.25, f"the soak ran at {r['rps']:.0f} req/s, far below "
                  f"the {half:.0f} it aimed at")
            check(s.alive(), "the server died during the soak")
            warm = [kib for at, kib in samples if at - started >= SECONDS / 10]
            if check(len(warm) >= 2, f"only {len(warm)} resident-size samples after warm-up"):
                base = warm[0]
                top, low = max(warm), min(warm)
                print(f"soak: {r['rps']:.0f} req/s; VmRSS {base / 1024:.1f} MiB after warm-up, "
                      f"{low / 1024:.1f}–{top / 1024:.1f} MiB over the run", flush=True)
                check(top <= base * 1.10 and low >= base * 0.90,
                      f"resident size left ±10% of {base} KiB: {low}–{top} KiB")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    harness.KRING = os.path.abspath(argv[1])
    with harness._problems_lock:
        harness._problems.clear()
    try:
        soak()
    except harness.TestFailure as e:
        check(False, str(e))
    except Exception as e:
        check(False, f"{type(e).__name__}: {e}")
    finally:
        harness.stop_all_servers()
        harness._cleanup_template()
    problems = list(harness._problems)
    if problems:
        print(harness._one_line("FAIL soak: " + "; ".join(problems)))
    print(f"soak: {0 if problems else 1} passed, {1 if problems else 0} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
