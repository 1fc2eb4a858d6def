#!/usr/bin/env python3
# SPDX-License-Identifier: AGPL-3.0-or-later
"""run.py: Kring's black-box HTTP tests. Each test starts the real server in a fresh temporary
directory on 127.0.0.1 and talks to it over HTTP and raw sockets.

    python3 tests/http/run.py build/release/kring [-v] [NAME...]

NAME runs only the tests whose name contains it. Prints one line per failing test and ends
with `http: N passed, N failed`; the exit status is 0 only when none failed. Python 3 standard
library only (and python3-psycopg2 for the PostgreSQL run). The tests live in
tests/http/test_*.py (run in file order, then in the order they are written); harness.py and
htmlcheck.py hold what they share.

    KRING_TEST_HTTP_DB=postgresql KRING_TEST_PG=URL python3 tests/http/run.py ...

runs every test on PostgreSQL instead: each server gets a fresh database on the server at URL
(`scripts/pg-test start DIR` prints it), and the tally line is `http on postgresql: ...`. The
tests about SQLite itself are skipped there, each with its reason.
"""

import glob
import importlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree

import harness  # noqa: E402


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("-")]
    verbose = "-v" in argv[1:] or "--verbose" in argv[1:]
    if not args or "-h" in argv[1:] or "--help" in argv[1:]:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    binary = os.path.abspath(args[0])
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        print(f"run.py: {args[0]}: not an executable file", file=sys.stderr)
        print("http: 0 passed, 1 failed")
        return 1
    if harness.DB_BACKEND not in ("sqlite", "postgresql") or (harness.ON_PG and not harness.PG):
        print(f"run.py: KRING_TEST_HTTP_DB={harness.DB_BACKEND}: expected sqlite or postgresql, "
              "and postgresql needs KRING_TEST_PG (the URL `scripts/pg-test start DIR` prints)",
              file=sys.stderr)
        print("http: 0 passed, 1 failed")
        return 1
    harness.KRING = binary
    harness.VERBOSE = verbose
    for path in sorted(glob.glob(os.path.join(HERE, "test_*.py"))):
        importlib.import_module(os.path.splitext(os.path.basename(path))[0])
    failed = harness.run_tests(args[1:], verbose)
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except KeyboardInterrupt:
        harness.stop_all_servers()
        sys.exit(130)
