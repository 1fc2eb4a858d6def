#!/usr/bin/env python3
# SPDX-License-Identifier: AGPL-3.0-or-later
"""run.py: the Debian package, the systemd units and the manual page kring(8).

    python3 tests/package/run.py build/release/kring [-v] [NAME...]

Builds the package with `make deb` (from the release build next to the binary given), then
checks its fields and files with dpkg-deb, lints it with lintian, extracts it into a scratch
root and runs the extracted binary; checks the units with `systemd-analyze verify` and
`security`; runs the maintainer scripts and the unit's command line, as the user kring, in a
private mount namespace over copies of /etc and /var/lib (root only: as another user those
tests note that and pass nothing); and checks the manual page with mandoc and man, and that it
names every command, option and environment variable of the binary and src/cli/. About ten
seconds. Ends with `package: N passed, N failed`.
"""

import glob
import gzip
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(HERE, "..", "http"))
sys.dont_write_bytecode = True  # leave no __pycache__ in the source tree

import harness  # noqa: E402
from harness import Client, check, fail, free_port, note, require, test  # noqa: E402

BUILD = None  # the build folder (the binary's), set by main()
_deb = {}  # what build_deb() made, once per run


def sh(cmd, timeout=60, **kw):
    """Runs cmd (a list) to completion; CompletedProcess with text output."""
    try:
        return subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                              timeout=timeout, **kw)
    except subprocess.TimeoutExpired:
        fail(f"`{' '.join(cmd)}` did not finish within {timeout}s")


def build_deb():
    """`make deb` once; returns (path of the .deb, scratch root with it extracted)."""
    if _deb:
        return _deb["path"], _deb["root"]
    p = sh(["make", "--no-print-directory", "-s", "-C", ROOT, f"O={BUILD}", "deb"], timeout=300)
    require(p.returncode == 0, f"make deb exited {p.returncode}: {p.stderr[-600:]}")
    debs = glob.glob(os.path.join(BUILD, "deb", "*.deb"))
    require(len(debs) == 1, f"make deb left {len(debs)} packages in {BUILD}/deb, expected 1")
    require(p.stdout.strip().endswith(os.path.basename(debs[0])),
            f"make deb printed {p.stdout.strip()!r}, not the package's path")
    root = tempfile.mkdtemp(prefix="kring-package-")
    os.chmod(root, 0o755)  # the user kring runs the extracted binary in the namespace tests
    x = sh(["dpkg-deb", "-x", debs[0], root])
    require(x.returncode == 0, f"dpkg-deb -x: {x.stderr}")
    _deb.update(path=debs[0], root=root)
    return debs[0], root


def field(deb, name):
    p = sh(["dpkg-deb", "-f", deb, name])
    require(p.returncode == 0, f"dpkg-deb -f {name}: {p.stderr}")
    return p.stdout.strip()


def binary_version():
    return sh([harness.KRING, "--version"]).stdout.strip()


# The files of the package, with their modes: nothing more, nothing less.
FILES = {
    "./usr/sbin/kring": 0o755,
    "./usr/lib/systemd/system/kring.service": 0o644,
    "./usr/lib/systemd/system/kring@.service": 0o644,
    "./usr/share/man/man8/kring.8.gz": 0o644,
    "./usr/share/locale/nl/LC_MESSAGES/kring.mo": 0o644,
    "./usr/share/doc/kring/README.md": 0o644,
    "./usr/share/doc/kring/OPERATIONS.md": 0o644,
    "./usr/share/doc/kring/DEPLOY.md": 0o644,
    "./usr/share/doc/kring/PRIVACY.md": 0o644,
    "./usr/share/doc/kring/copyright": 0o644,
    "./usr/share/doc/kring/changelog.gz": 0o644,
    "./usr/share/doc/kring/examples/nginx/kring.conf": 0o644,
    "./usr/share/lintian/overrides/kring": 0o644,
    "./etc/kring/kring.env": 0o600,
}


@test
def deb_has_its_fields_and_exactly_its_files():
    deb, root = build_deb()
    check(field(deb, "Package") == "kring", "Package is not kring")
    arch = sh(["dpkg", "--print-architecture"]).stdout.strip()
    check(field(deb, "Architecture") == arch, f"Architecture is not {arch}")
    version = field(deb, "Version")
    commit = binary_version().split()[-1].split("-")[0]
    check(re.fullmatch(r"0\.1\+git\d+\.[0-9a-f]+(\.dirty)?", version),
          f"Version {version!r} is not 0.1+gitCOUNT.HASH")
    check(commit in version, f"Version {version!r} does not name the binary's commit {commit}")
    check(field(deb, "Maintainer"), "no Maintainer")
    check(field(deb, "Section") == "web" and field(deb, "Priority") == "optional",
          "Section/Priority are not web/optional")
    size = int(field(deb, "Installed-Size") or 0)
    check(500 < size < 5000, f"Installed-Size {size} KiB is not plausible")
    check(os.path.basename(deb) == f"kring_{version}_{arch}.deb", f"file name {deb}")
    listing = sh(["dpkg-deb", "-c", deb]).stdout.splitlines()
    files = {}
    for line in listing:
        parts = line.split(None, 5)
        perms, owner, path = parts[0], parts[1], parts[5].split(" -> ")[0]
        check(owner == "root/root", f"{path} is owned by {owner}, not root/root")
        if perms.startswith("-"):
            mode = sum(1 << (8 - i) for i, ch in enumerate(perms[1:10]) if ch != "-")
            files[path] = mode
        elif perms.startswith("d"):
            check(perms == "drwxr-xr-x", f"directory {path} is {perms}")
    for path, mode in FILES.items():
        if check(path in files, f"the package lacks {path}"):
            check(files[path] == mode, f"{path} has mode {files[path]:o}, not {mode:o}")
    for path in sorted(set(files) - set(FILES)):
        check(False, f"the package holds {path}, which this test does not know")
    ctrl = tempfile.mkdtemp(prefix="kring-control-")
    try:
        require(sh(["dpkg-deb", "-e", deb, ctrl]).returncode == 0, "dpkg-deb -e failed")
        with open(os.path.join(ctrl, "conffiles")) as f:
            check(f.read().split() == ["/etc/kring/kring.env"],
                  "conffiles is not exactly /etc/kring/kring.env")
        for script in ("postinst", "prerm", "postrm"):
            path = os.path.join(ctrl, script)
            if check(os.path.exists(path), f"no {script}"):
                check(os.stat(path).st_mode & 0o777 == 0o755, f"{script} is not mode 0755")
                p = sh(["sh", "-n", path])
                check(p.returncode == 0, f"{script}: sh -n: {p.stderr.strip()}")
                if shutil.which("shellcheck"):
                    p = sh(["shellcheck", "-s", "sh", path])
                    check(p.returncode == 0, f"{script}: shellcheck: {p.stdout[:500]}")
        with open(os.path.join(ctrl, "md5sums")) as f:
            sums = {line.split(None, 1)[1].strip() for line in f if line.strip()}
        check(sums == {p[2:] for p in FILES}, "md5sums does not list exactly the files")
    finally:
        shutil.rmtree(ctrl, ignore_errors=True)


def _needed_packages(binary):
    """The Debian packages holding the shared libraries binary names (DT_NEEDED)."""
    dyn = sh(["readelf", "-d", binary]).stdout
    needed = re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dyn)
    require(needed, "readelf found no NEEDED libraries")
    paths = {}
    for line in sh(["ldd", binary]).stdout.splitlines():
        m = re.match(r"\s*(\S+) => (\S+)", line)
        if m:
            paths[m.group(1)] = m.group(2)
    pkgs = {}
    for lib in needed:
        require(lib in paths, f"ldd does not resolve {lib}")
        real = os.path.realpath(paths[lib])
        owner = None
        for candidate in (paths[lib], real, real.replace("/usr/lib/", "/lib/", 1),
                          real.replace("/lib/", "/usr/lib/", 1)):
            p = sh(["dpkg", "-S", candidate])
            if p.returncode == 0:
                owner = p.stdout.split(":")[0]
                break
        require(owner, f"no package holds {lib} ({real})")
        pkgs[lib] = owner
    return pkgs


@test
def deb_depends_on_the_package_of_every_library_it_links():
    deb, root = build_deb()
    depends = field(deb, "Depends")
    names = {re.split(r"[ (]", alt.strip())[0]
             for dep in depends.split(",") for alt in dep.split("|")}
    for lib, pkg in sorted(_needed_packages(os.path.join(root, "usr/sbin/kring")).items()):
        check(pkg in names, f"Depends lacks {pkg}, which holds {lib}")
    for pkg in ("adduser", "locales", "libc6"):
        check(pkg in names, f"Depends lacks {pkg}")
    check(re.search(r"libc6 \(>= [0-9.]+\)", depends), "libc6 without a version")


@test
def deb_passes_lintian():
    deb, _ = build_deb()
    if not shutil.which("lintian"):
        fail("lintian is not installed (scripts/install-deps installs it)")
    p = sh(["lintian", "--tag-display-limit", "0", deb], timeout=120)
    tags = [line for line in p.stdout.splitlines() if re.match(r"[EW]: ", line)]
    check(not tags, "lintian: " + " | ".join(tags))
    check(p.returncode == 0, f"lintian exited {p.returncode}: {p.stderr[-300:]}")


@test
def extracted_binary_runs_and_finds_its_translations_in_usr_share_locale():
    _, root = build_deb()
    kring = os.path.join(root, "usr/sbin/kring")
    p = sh([kring, "--version"])
    check(p.returncode == 0 and p.stdout.strip() == binary_version(),
          f"--version: {p.returncode} {p.stdout!r}, the build's is {binary_version()!r}")
    p = sh([kring, "--help"])
    check(p.returncode == 0, f"--help exited {p.returncode}")
    for cmd in ("serve", "init", "copy", "key", "help"):
        check(re.search(rf"^  {cmd} ", p.stdout, re.M), f"--help does not list {cmd}")
    with open(kring, "rb") as f:
        data = f.read()
    check(b"/usr/share/locale" in data, "the binary does not name /usr/share/locale")
    check(os.path.abspath(BUILD).encode() not in data,
          "the packaged binary names the build folder")
    check(b".debug_info" not in data, "the packaged binary is not stripped")


def unit(name):
    """The packaged unit file as {key: [values]} of its [Service] and other sections."""
    _, root = build_deb()
    path = os.path.join(root, "usr/lib/systemd/system", name)
    with open(path) as f:
        text = f.read()
    keys = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";", "[")):
            continue
        k, _, v = line.partition("=")
        keys.setdefault(k, []).append(v)
    return path, text, keys


# What the sandbox must hold (docs/OPERATIONS.md, "systemd").
SANDBOX = {
    "User": "kring", "Group": "kring", "StateDirectory": "kring", "StateDirectoryMode": "0700",
    "ProtectSystem": "strict", "ProtectHome": "yes", "PrivateTmp": "yes",
    "PrivateDevices": "yes", "NoNewPrivileges": "yes",
    "RestrictAddressFamilies": "AF_UNIX AF_INET AF_INET6", "RestrictNamespaces": "yes",
    "LockPersonality": "yes", "MemoryDenyWriteExecute": "yes", "SystemCallErrorNumber": "EPERM",
    "CapabilityBoundingSet": "", "UMask": "0077", "Restart": "on-failure",
    "KillSignal": "SIGTERM", "RestartPreventExitStatus": "2", "Type": "exec",
}


@test
def units_hold_the_sandbox_and_differ_only_where_they_must():
    _, text, keys = unit("kring.service")
    _, ttext, tkeys = unit("kring@.service")
    for k, want in SANDBOX.items():
        for name, ks in (("kring.service", keys), ("kring@.service", tkeys)):
            check(ks.get(k) == [want], f"{name}: {k}={ks.get(k)}, expected {want!r}")
    for ks in (keys, tkeys):
        check(ks.get("SystemCallFilter") == ["@system-service", "~@privileged"],
              f"SystemCallFilter={ks.get('SystemCallFilter')}")
        check("ReadWritePaths" not in ks and "ReadOnlyPaths" not in ks,
              "a unit opens more than its StateDirectory")
    check(keys["ExecStart"] == ["/usr/sbin/kring serve"], f"ExecStart={keys['ExecStart']}")
    check(tkeys["ExecStart"] == ["/usr/sbin/kring serve --listen 127.0.0.1:%i"],
          f"kring@.service ExecStart={tkeys['ExecStart']}")
    # Same keys and values but for the instance's address, description and settings file.
    own = {"ExecStart", "Description", "EnvironmentFile", "Environment"}
    for k in sorted(set(keys) | set(tkeys)):
        if k not in own:
            check(keys.get(k) == tkeys.get(k), f"{k} differs: {keys.get(k)} / {tkeys.get(k)}")
    check(tkeys["EnvironmentFile"] == keys["EnvironmentFile"] + ["-/etc/kring/kring-%i.env"],
          f"kring@.service EnvironmentFile={tkeys['EnvironmentFile']}")
    check([e for e in keys["Environment"] if not e.startswith("KRING_LISTEN=")]
          == tkeys["Environment"], "Environment= differs beyond KRING_LISTEN")
    with open(os.path.join(ROOT, "contrib/systemd/kring.service")) as f:
        check(f.read() == text, "the packaged kring.service is not contrib/systemd's")
    with open(os.path.join(ROOT, "contrib/systemd/kring@.service")) as f:
        check(f.read() == ttext, "the packaged kring@.service is not contrib/systemd's")


def _systemd_root():
    """The scratch root with the host's systemd units beside the package's, for --root."""
    _, root = build_deb()
    unit_dir = os.path.join(root, "usr/lib/systemd/system")
    for name in os.listdir("/usr/lib/systemd/system"):
        dst = os.path.join(unit_dir, name)
        if not os.path.lexists(dst):
            src = os.path.join("/usr/lib/systemd/system", name)
            if os.path.islink(src):
                os.symlink(os.readlink(src), dst)
            elif os.path.isfile(src):
                shutil.copy(src, dst)
    return root


@test
def units_pass_systemd_analyze_verify_and_security():
    if not shutil.which("systemd-analyze"):
        fail("systemd-analyze is not installed (the systemd package)")
    root = _systemd_root()
    unit_dir = os.path.join(root, "usr/lib/systemd/system")
    man = os.path.join(root, "usr/share/man")
    for name in ("kring.service", "kring@8081.service"):
        p = sh(["systemd-analyze", "verify", f"--root={root}", os.path.join(unit_dir, name)],
               env=dict(os.environ, MANPATH=man))
        check(p.returncode == 0 and not p.stderr.strip(),
              f"systemd-analyze verify {name}: {p.returncode} {p.stderr.strip()[:500]}")
    for name in ("kring.service", "kring@.service"):
        p = sh(["systemd-analyze", "security", "--offline=yes", f"--root={root}",
                "--no-pager", os.path.join(unit_dir, name)])
        m = re.search(r"Overall exposure level for \S+: ([0-9.]+) (\w+)", p.stdout)
        if check(m, f"systemd-analyze security {name}: no exposure level: {p.stderr[:300]}"):
            check(float(m.group(1)) <= 1.5,
                  f"{name}: exposure {m.group(1)} {m.group(2)}, expected at most 1.5")


# ---------------------------------------------------------------------------------------------
# In a private mount namespace: the maintainer scripts and the unit's command line, for real.

NS_SCRIPT = r"""
set -eu
cp -a /etc "$SCRATCH/etc"
mount --bind "$SCRATCH/etc" /etc
mkdir "$SCRATCH/varlib"
mount --bind "$SCRATCH/varlib" /var/lib
exec "$@"
"""


def in_namespace(argv, scratch, timeout=60):
    """Runs argv as root in a private mount namespace where /etc is a copy of the host's and
    /var/lib an empty folder, both in scratch: nothing it does reaches the host."""
    return sh(["unshare", "--mount", "--propagation", "private", "sh", "-c", NS_SCRIPT, "ns"]
              + argv, env=dict(os.environ, SCRATCH=scratch), timeout=timeout)


NS_CHECKS = r"""
set -eu
ctrl=$1; kring=$2; port=$3; localedir=$4
"$ctrl/postinst" configure
echo "user=$(getent passwd kring)"
echo "group=$(getent group kring)"
echo "dir=$(stat -c '%U:%G %a' /var/lib/kring)"
"$ctrl/postinst" configure 0.1+git1.0
echo "again=$(getent passwd kring | cut -d: -f3) $(stat -c '%U:%G %a' /var/lib/kring)"
cd /var/lib/kring
umask 0077
runuser -u kring -- "$kring" init --db /var/lib/kring/kring.db >/dev/null
echo "init=$(stat -c '%U %a' /var/lib/kring/kring.db) $(stat -c '%U %a' /var/lib/kring/kring.key)"
# The unit's command line and environment, as systemd runs it (the user kring, no new
# privileges, umask 0077, in /var/lib/kring, under the unit's SystemCallFilter as seccomp
# loads it: scripts/syscall-census --exec-filtered); the address and the translations' folder are the
# scratch's (as /etc/kring/kring.env and the packaged /usr/share/locale would give them).
set -- $UNIT_EXEC
bin=$1; shift
env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin $UNIT_ENV KRING_LISTEN=127.0.0.1:$port KRING_LOCALEDIR="$localedir" \
	setpriv --reuid=kring --regid=kring --init-groups --no-new-privs \
	python3 "$CENSUS" --exec-filtered "$SCRATCH/allow" "$kring" "$@" 2>"$SCRATCH/serve.log" &
pid=$!
echo "bin=$bin"
for i in $(seq 100); do
	if [ -e "$SCRATCH/go" ]; then break; fi
	sleep 0.1
done
kill -TERM "$pid"
rc=0
wait "$pid" || rc=$?
echo "serve-exit=$rc"
echo "files=$(find /var/lib/kring -type f -printf '%f:%u:%m ' | tr -s ' ')"
"$ctrl/prerm" remove
"$ctrl/postrm" purge
echo "after-purge=$(getent passwd kring | cut -d: -f1) $(ls /var/lib/kring | tr '\n' ' ')"
"""


def _census():
    """scripts/syscall-census as a module: its filter groups and --exec-filtered."""
    import importlib.machinery
    import importlib.util
    path = os.path.join(ROOT, "scripts/syscall-census")
    loader = importlib.machinery.SourceFileLoader("syscall_census", path)
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


@test
def maintainer_scripts_and_the_units_command_line_work_as_the_user_kring():
    if os.geteuid() != 0 or not shutil.which("unshare"):
        note("not root: the maintainer scripts and the unit's command line were not run")
        return
    deb, root = build_deb()
    scratch = tempfile.mkdtemp(prefix="kring-ns-")
    os.chmod(scratch, 0o755)  # kring reads the filter's list here
    try:
        census = _census()
        allowed = set().union(*(census.group(g) for g in census.ALLOW)) - set().union(
            *(census.group(g) for g in census.DENY))
        require("clone3" in allowed and "mount" not in allowed, "the filter's list is wrong")
        with open(os.path.join(scratch, "allow"), "w") as f:
            f.write("\n".join(sorted(allowed)) + "\n")
        ctrl = os.path.join(scratch, "control")
        require(sh(["dpkg-deb", "-e", deb, ctrl]).returncode == 0, "dpkg-deb -e failed")
        _, _, keys = unit("kring.service")
        unit_env = " ".join(keys["Environment"])
        port = free_port()
        script = os.path.join(scratch, "checks.sh")
        with open(script, "w") as f:
            f.write(NS_CHECKS)
        env = dict(os.environ, SCRATCH=scratch, UNIT_EXEC=keys["ExecStart"][0],
                   UNIT_ENV=unit_env, CENSUS=os.path.join(ROOT, "scripts/syscall-census"))
        proc = subprocess.Popen(
            ["unshare", "--mount", "--propagation", "private", "sh", "-c", NS_SCRIPT, "ns",
             "sh", script, ctrl, os.path.join(root, "usr/sbin/kring"), str(port),
             os.path.join(root, "usr/share/locale")],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        server = type("S", (), {"port": port})()
        page = None
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                health = Client(server).get("/healthz", timeout=2)
                page = Client(server).get("/", timeout=5)
                break
            except OSError:
                time.sleep(0.1)
        open(os.path.join(scratch, "go"), "w").close()
        try:
            out, err = proc.communicate(timeout=40)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        log = ""
        if os.path.exists(os.path.join(scratch, "serve.log")):
            with open(os.path.join(scratch, "serve.log"), errors="replace") as f:
                log = f.read()
        require(proc.returncode == 0, f"the namespace script exited {proc.returncode}: "
                f"{err.strip()[-500:]} | serve: {log.strip()[-300:]}")
        got = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
        user = got.get("user", "").split(":")
        check(len(user) == 7 and int(user[2]) < 1000, f"kring is not a system user: {user}")
        check(user[5:] == ["/var/lib/kring", "/usr/sbin/nologin"],
              f"kring's home and shell: {user[5:]}")
        check(got.get("group", "").startswith("kring:"), "no group kring")
        check(got.get("dir") == "kring:kring 700", f"/var/lib/kring is {got.get('dir')}")
        check(got.get("again") == f"{user[2]} kring:kring 700",
              f"postinst again (an upgrade): {got.get('again')}")
        check(got.get("init") == "kring 600 kring 600",
              f"kring init as kring made {got.get('init')}, expected both kring's, 0600")
        check(got.get("bin") == "/usr/sbin/kring", f"ExecStart runs {got.get('bin')}")
        require(page is not None, f"the unit's command line did not answer: {log[-300:]}")
        check(health.status == 200, f"/healthz answered {health.status}")
        check(page.status == 200 and page.lang() == "nl",
              f"GET / answered {page.status} in {page.lang()!r}, expected 200 in Dutch "
              "(the translations from the package)")
        check(got.get("serve-exit") == "0", f"kring serve exited {got.get('serve-exit')} at "
              f"SIGTERM, expected 0: {log[-300:]}")
        for entry in got.get("files", "").split():
            name, owner, mode = entry.split(":")
            check(owner == "kring" and mode == "600", f"/var/lib/kring/{name}: {owner} {mode}")
        check(got.get("after-purge", "").split() == ["kring", "kring.db", "kring.key"],
              f"after remove and purge: {got.get('after-purge')} (the data and the user stay)")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# The manual page


def man_text():
    with open(os.path.join(ROOT, "man/kring.8")) as f:
        return f.read()


@test
def man_page_is_lint_clean():
    if not shutil.which("mandoc"):
        fail("mandoc is not installed (scripts/install-deps installs it)")
    p = sh(["mandoc", "-Tlint", "-Wstyle", os.path.join(ROOT, "man/kring.8")])
    check(p.returncode == 0 and not (p.stdout + p.stderr).strip(),
          f"mandoc -Tlint: {(p.stdout + p.stderr).strip()[:800]}")
    p = sh(["man", "--warnings", "-E", "UTF-8", "-l", os.path.join(ROOT, "man/kring.8")],
           env=dict(os.environ, MANWIDTH="80", MAN_KEEP_FORMATTING="0", LC_ALL="C.UTF-8"))
    check(p.returncode == 0 and not p.stderr.strip(), f"man --warnings: {p.stderr[:800]}")
    check("kring serve" in re.sub(r".\x08", "", p.stdout), "man shows no `kring serve`")
    _, root = build_deb()
    with gzip.open(os.path.join(root, "usr/share/man/man8/kring.8.gz"), "rt") as f:
        check(f.read() == man_text(), "the packaged kring.8.gz is not man/kring.8")


def roff_names(text):
    """Every option (--name) and KRING_ variable the page mentions, roff escapes undone."""
    plain = text.replace("\\-", "-").replace("\\fB", "").replace("\\fR", "").replace("\\fI", "")
    return set(re.findall(r"--[a-z][a-z-]*", plain)), set(re.findall(r"KRING_[A-Z_]+", plain))


@test
def man_page_names_every_command_option_and_variable():
    options, variables = roff_names(man_text())
    commands = re.findall(r"^  ([a-z]+) ", sh([harness.KRING, "help"]).stdout, re.M)
    require(len(commands) >= 10, f"`kring help` lists {commands}")
    text = man_text()
    section = text[text.index(".SH COMMANDS"):text.index(".SH OPTIONS")]
    helped = set()
    for cmd in commands:
        check(re.search(rf"^\.B(R)? {cmd}\b", section, re.M),
              f"COMMANDS has no entry for {cmd}")
        p = sh([harness.KRING, "help", cmd])
        check(p.returncode == 0, f"kring help {cmd} exited {p.returncode}")
        helped |= set(re.findall(r"--[a-z][a-z-]*", p.stdout))
    # The options the parser takes, whether or not a help text shows them.
    with open(os.path.join(ROOT, "src/cli/cli.c")) as f:
        parsed = {"--" + n for n in re.findall(r'\{ "([a-z-]+)", (?:required|no)_argument', f.read())}
    with open(os.path.join(ROOT, "src/cli/audit.c")) as f:
        parsed |= set(re.findall(r'strcmp\(argv\[i\], "(--[a-z-]+)"\)', f.read()))
    require(len(parsed) >= 20, f"found only {sorted(parsed)} in src/cli")
    section = text[text.index(".SH OPTIONS"):text.index(".SH ENVIRONMENT")]
    own, _ = roff_names(section)
    for opt in sorted(helped | parsed | {"--version", "--help"}):
        check(opt in options, f"the manual page does not name {opt}")
        if opt not in ("--version", "--help"):
            check(opt in own, f"OPTIONS does not describe {opt}")
    # Every KRING_ variable a program file names in a string: getenv(), env_or() and serve.c's
    # table of session limits (the tests' own, KRING_TEST_*, are not in src/).
    read = set()
    for path in glob.glob(os.path.join(ROOT, "src/**/*.c"), recursive=True):
        with open(path) as f:
            read |= set(re.findall(r'"(KRING_[A-Z_]+)"', f.read()))
    require("KRING_DB" in read and "KRING_SMTP_PASSWORD" in read, f"found {sorted(read)}")
    section = text[text.index(".SH ENVIRONMENT"):text.index(".SH FILES")]
    _, described = roff_names(section)
    for var in sorted(read):
        check(var in described, f"ENVIRONMENT does not describe {var}")
    for var in sorted(described - read):
        check(False, f"ENVIRONMENT describes {var}, which no file in src/ reads")


def main(argv):
    global BUILD
    args = [a for a in argv[1:] if not a.startswith("-")]
    verbose = "-v" in argv[1:]
    if not args:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    harness.KRING = os.path.abspath(args[0])
    BUILD = os.path.relpath(os.path.dirname(harness.KRING), ROOT)
    if not os.access(harness.KRING, os.X_OK):
        print(f"run.py: {args[0]}: not an executable file", file=sys.stderr)
        print("package: 0 passed, 1 failed")
        return 1
    try:
        failed = harness.run_tests(args[1:], verbose, suite="package")
    finally:
        if _deb:
            shutil.rmtree(_deb["root"], ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
