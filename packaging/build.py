"""Build CarePlan Desktop's one-folder app and smoke-test it on this machine.

    python3 packaging/build.py            # clean virtual environment, build, smoke tests, figures
    python3 packaging/build.py --reuse-venv   # keep build/venv from an earlier run (quicker)
    python3 packaging/build.py --no-build     # smoke-test the dist/ already there

1. A clean virtual environment in build/venv with the app (editable: it is also the
   "development app" the smoke tests compare with) and the `package` extra (PyInstaller, pypdf).
2. PyInstaller with packaging/careplan-desktop.spec into dist/CarePlanDesktop/.
3. Smoke tests of the frozen app, each in a throwaway folder (CAREPLAN_DATA_DIR points there, so
   no user folder is touched): --version (the package's version), demo, check, printout (a PDF
   with Lorna's name, read with pypdf), letters, export and import between two vaults, a vault
   made by the frozen app opening in the development app and the other way round, the GUI
   starting offscreen through the unlock dialog to the register and quitting, and (Linux) the
   message naming missing xcb libraries.
4. Figures: the build's size (largest parts first; goal <= 250 MB) and the start-up to the
   register with 10,000 people, frozen beside the virtual environment in the same run (medians,
   key derivation excluded; goal <= 1.5x).

Exits non-zero if the build or any smoke test fails. Everything it writes is under build/ and
dist/ (git-ignored) and the temp folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "careplan-desktop.spec"
BUILD = ROOT / "build"
VENV = BUILD / "venv"
DIST = ROOT / "dist"
APP_DIR = DIST / "CarePlanDesktop"
WINDOWS = sys.platform == "win32"
EXE = ".exe" if WINDOWS else ""
PASSPHRASE = "demo passphrase for testing"  # the demo vault's (services/demo/case_mix.py); synthetic people only
LORNA = "9990000018"
SIZE_GOAL_MB = 250
RATIO_GOAL = 1.5


def venv_bin(name: str) -> Path:
    return VENV / ("Scripts" if WINDOWS else "bin") / f"{name}{EXE}"


def frozen_app() -> Path:
    if sys.platform == "darwin" and (DIST / "CarePlan Desktop.app").exists():
        return DIST / "CarePlan Desktop.app" / "Contents" / "MacOS" / "careplan-desktop"
    return APP_DIR / f"careplan-desktop{EXE}"


def step(title: str) -> None:
    print(f"\n== {title}", flush=True)


def run(command: list[str | Path], **options) -> subprocess.CompletedProcess:
    options.setdefault("check", True)
    return subprocess.run([str(part) for part in command], **options)


# --- 1 and 2: the environment and the build -----------------------------------------------------

def make_venv(reuse: bool) -> None:
    if reuse and venv_bin("python").exists():
        step(f"reusing {VENV.relative_to(ROOT)}")
        return
    step(f"clean virtual environment in {VENV.relative_to(ROOT)}")
    run([sys.executable, "-m", "venv", "--clear", VENV])
    run([venv_bin("python"), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run([venv_bin("python"), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[package]"])


def build_machine_libraries() -> None:
    """Linux: PyInstaller copies the system libraries Qt's window needs into the folder, but only
    those this machine has. Say which are missing here (the build would then not carry them)."""
    if not sys.platform.startswith("linux"):
        return
    script = ("from careplan_desktop.preflight import XCB_LIBRARIES, missing_libraries\n"
              "print(' '.join(sorted({XCB_LIBRARIES[name] for name in missing_libraries()})))")
    done = run([venv_bin("python"), "-c", script], capture_output=True, text=True)
    if done.stdout.strip():
        print(f"WARNING: this machine lacks system libraries Qt's window needs, so the build will not carry "
              f"them: install them first with: sudo apt-get install {done.stdout.strip()}", flush=True)


def build() -> None:
    build_machine_libraries()
    step("PyInstaller: packaging/careplan-desktop.spec -> dist/CarePlanDesktop/")
    shutil.rmtree(APP_DIR, ignore_errors=True)
    run([venv_bin("python"), "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", DIST, "--workpath", BUILD / "pyinstaller", SPEC], cwd=ROOT)


# --- 3: smoke tests -------------------------------------------------------------------------------

class Smoke:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.failures: list[str] = []
        self.passed = 0
        self.env = {**os.environ, "CAREPLAN_DATA_DIR": str(folder / "data"), "CAREPLAN_PASSPHRASE": PASSPHRASE,
                    "QT_QPA_PLATFORM": "offscreen", "PYTHONDONTWRITEBYTECODE": "1"}
        self.env.pop("CAREPLAN_VAULT", None)
        self.env.pop("CAREPLAN_RESOURCES", None)  # the frozen app must find its own

    def app(self, which: str, *args: str | Path, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
        program = [frozen_app()] if which == "frozen" else [venv_bin("careplan-desktop")]
        return run([*program, *args], env=env or self.env, capture_output=True, text=True, timeout=timeout,
                   check=False, cwd=self.folder)

    def check(self, name: str, condition: bool, detail: str = "") -> bool:
        print(f"  {'ok  ' if condition else 'FAIL'} {name}" + (f": {detail}" if detail and not condition else ""),
              flush=True)
        if condition:
            self.passed += 1
        else:
            self.failures.append(name)
        return condition

    def ran(self, name: str, done: subprocess.CompletedProcess, *expected: str) -> bool:
        output = done.stdout + done.stderr
        missing = [text for text in expected if text not in output]
        return self.check(name, done.returncode == 0 and not missing,
                          f"exit {done.returncode}; missing {missing}; output: {output.strip()[-800:]}")

    def pdf_text(self, path: Path) -> str:
        script = "import sys, pypdf; print('\\n'.join(p.extract_text() or '' for p in pypdf.PdfReader(sys.argv[1]).pages))"
        done = run([venv_bin("python"), "-c", script, path], capture_output=True, text=True, check=False)
        return done.stdout if done.returncode == 0 else ""


def package_version() -> str:
    done = run([venv_bin("python"), "-c", "import careplan_desktop; print(careplan_desktop.__version__)"],
               capture_output=True, text=True)
    return done.stdout.strip()


def smoke_tests(smoke: Smoke) -> None:
    folder = smoke.folder
    step("smoke tests of the frozen app")
    version = package_version()
    done = smoke.app("frozen", "--version")
    smoke.ran("--version says the package's version, SQLCipher, Qt and the vault", done,
              f"CarePlan Desktop {version}\n", "SQLCipher:", "Qt:", f"Vault:", str(folder / "data"))

    frozen_vault, dev_vault = folder / "frozen-made.vault", folder / "dev-made.vault"
    smoke.ran("demo (frozen)", smoke.app("frozen", "demo", "--vault", frozen_vault, "--patients", "30"),
              "Created a demo vault")
    smoke.ran("check (frozen, its own vault)", smoke.app("frozen", "check", "--vault", frozen_vault), "integrity: ok")

    pdf = folder / "lorna.pdf"
    done = smoke.app("frozen", "printout", "--vault", frozen_vault, "--nhs-number", LORNA, "--out", pdf)
    if smoke.ran("printout (frozen)", done, "Wrote the printout"):
        smoke.check("printout holds Lorna's name (pypdf)", "Lorna Baxter" in smoke.pdf_text(pdf))

    made = 0
    month = dt.date.today().replace(day=1)
    for _ in range(4):  # the demo books appointments near today: this month and the next three
        out = folder / f"letters-{month:%Y-%m}.pdf"
        done = smoke.app("frozen", "letters", "--vault", frozen_vault, "--month", f"{month:%Y-%m}", "--out", out)
        smoke.ran(f"letters {month:%Y-%m} (frozen)", done)
        if out.exists():
            made += 1
            smoke.check(f"letters {month:%Y-%m}: the PDF has text (pypdf)", len(smoke.pdf_text(out).strip()) > 200)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    smoke.check("letters made for at least one month", made > 0)

    # a vault made by each app opens in the other (every resource and migration is found)
    smoke.ran("init (development app)", smoke.app("dev", "init", "--vault", dev_vault), "Created an empty vault")
    smoke.ran("the frozen app opens the development app's vault", smoke.app("frozen", "check", "--vault", dev_vault),
              "integrity: ok", "people: 0")
    smoke.ran("the development app opens the frozen app's vault", smoke.app("dev", "check", "--vault", frozen_vault),
              "integrity: ok", "people: 33")

    # export from the frozen app's vault, import into the development app's vault, with the frozen app
    key, outbox = folder / "practice.cpkey", folder / "outbox"
    outbox.mkdir()
    smoke.ran("exchange-key --create (frozen)", smoke.app("frozen", "exchange-key", "--vault", frozen_vault,
                                                          "--create", key, "--practice", "Smoke test"))
    smoke.ran("exchange-key --install (frozen)", smoke.app("frozen", "exchange-key", "--vault", dev_vault,
                                                           "--install", key))
    smoke.ran("device (frozen)", smoke.app("frozen", "device", "--vault", dev_vault, "--name", "Second computer"))
    smoke.ran("export --all (frozen)", smoke.app("frozen", "export", "--vault", frozen_vault, "--to", outbox, "--all"))
    bundles = sorted(outbox.glob("*.cpb"))
    if smoke.check("export wrote a bundle", len(bundles) == 1, f"{[b.name for b in outbox.iterdir()]}"):
        # a new computer's first bundle waits until someone confirms it (its fingerprint compared)
        waiting = smoke.app("frozen", "import", "--vault", dev_vault, bundles[0])
        smoke.check("a bundle from an unconfirmed computer waits (frozen)",
                    waiting.returncode != 0 and "not yet confirmed" in waiting.stdout + waiting.stderr,
                    (waiting.stdout + waiting.stderr).strip()[-400:])
        smoke.ran("computers --confirm (frozen)", smoke.app("frozen", "computers", "--vault", dev_vault,
                                                            "--confirm", "Demo practice PC"))
        smoke.ran("import (frozen)", smoke.app("frozen", "import", "--vault", dev_vault, bundles[0]))
        smoke.ran("import again changes nothing (frozen)", smoke.app("frozen", "import", "--vault", dev_vault, bundles[0]))
        done = smoke.app("dev", "check", "--vault", dev_vault)
        people = next((line.split(":")[1].strip() for line in done.stdout.splitlines() if line.startswith("people:")), "?")
        smoke.check("the importing vault now holds people (development app's check)",
                    done.returncode == 0 and people not in ("0", "?"), f"people: {people}; {done.stderr.strip()}")

    # the GUI, offscreen, through the real start: demo vault, unlock dialog, register, lock, quit
    shots = folder / "shots"
    env = {**smoke.env, "CAREPLAN_SCREENSHOT": str(shots)}
    env.pop("CAREPLAN_PASSPHRASE")
    done = smoke.app("frozen", "--demo", "--patients", "30", env=env, timeout=240)
    smoke.check("GUI (frozen, offscreen): unlock dialog, register shown, quit",
                done.returncode == 0 and (shots / "register.png").stat().st_size > 10_000
                if (shots / "register.png").exists() else False,
                f"exit {done.returncode}; {sorted(p.name for p in shots.glob('*'))}; {done.stderr.strip()[-800:]}")

    if sys.platform.startswith("linux"):  # the pre-flight check, before Qt's xcb plugin would abort
        env = {**smoke.env, "QT_QPA_PLATFORM": "xcb", "DISPLAY": ":97"}
        done = smoke.app("frozen", env=env, timeout=60)
        if done.returncode == 3:  # the pre-flight check found a library missing (none is carried or installed)
            smoke.check("missing xcb libraries named with the apt-get line (frozen)",
                        "sudo apt-get install" in done.stderr and "Traceback" not in done.stderr, done.stderr)
            print("    " + "\n    ".join(done.stderr.strip().splitlines()))
        else:  # nothing missing: Qt loaded its xcb plugin and then found no X display at :97
            smoke.check("Qt's xcb plugin loads: every library it needs is carried or installed (frozen)",
                        "could not connect to display" in done.stderr, done.stderr.strip()[-800:])


# --- 4: figures ---------------------------------------------------------------------------------

def size_report() -> float:
    step(f"size of {APP_DIR.relative_to(ROOT)}")
    parts: dict[str, int] = defaultdict(int)
    total = 0
    for path in APP_DIR.rglob("*"):
        if path.is_file() and not path.is_symlink():
            size = path.stat().st_size
            total += size
            relative = path.relative_to(APP_DIR).parts
            if relative[0] == "_internal":
                relative = relative[1:]
            if len(relative) == 1 and ".so" in relative[0] and not relative[0].startswith("libpython"):
                key = "shared libraries copied from this system (X11/xcb, glib, cups, ssl, ...)"
            elif relative[:2] == ("PySide6", "Qt"):
                key = "/".join(relative[:3])  # Qt's libraries, plugins
            else:
                key = "/".join(relative[:2] if len(relative) > 2 else relative[:1])
            parts[key] += size
    for key, size in sorted(parts.items(), key=lambda item: -item[1])[:15]:
        print(f"  {size / 1e6:7.1f} MB  {key}")
    total_mb = total / 1e6
    print(f"  total {total_mb:.1f} MB (goal <= {SIZE_GOAL_MB} MB){'' if total_mb <= SIZE_GOAL_MB else '  OVER THE GOAL'}")
    return total_mb


def startup_report(smoke: Smoke, runs: int, people: int) -> float | None:
    step(f"start-up to the register with {people:,} people: frozen beside the virtual environment")
    vault = smoke.folder / "big.vault"
    began = time.perf_counter()
    done = smoke.app("frozen", "demo", "--vault", vault, "--patients", str(people), timeout=1800)
    if not smoke.ran(f"demo --patients {people} (frozen)", done):
        return None
    print(f"  (made the vault in {time.perf_counter() - began:.0f} s)")
    env = {**smoke.env, "CAREPLAN_STARTUP_PROBE": "1"}

    def start(which: str) -> float:
        began = time.perf_counter()
        program = [frozen_app()] if which == "frozen" else [venv_bin("careplan-desktop")]
        child = subprocess.Popen([str(part) for part in (*program, "--vault", vault)], env=env, cwd=smoke.folder,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = child.stdout.readline()
        seen = time.perf_counter() - began
        child.communicate(timeout=120)
        words = first.split()
        if child.returncode != 0 or len(words) < 4 or words[0] != "VISIBLE" or int(words[3]) < people:
            raise RuntimeError(f"{which} start-up probe failed: {first!r} exit {child.returncode}")
        return seen - float(words[1])

    try:
        start("frozen"), start("dev")  # warm the file cache for both
        frozen, dev = [], []
        for _ in range(runs):
            frozen.append(start("frozen"))
            dev.append(start("dev"))
    except (RuntimeError, subprocess.TimeoutExpired) as error:
        smoke.check("start-up probe", False, str(error))
        return None
    smoke.check(f"GUI (frozen, offscreen) shows the register with {people:,} people", True)
    ratio = statistics.median(frozen) / statistics.median(dev)
    print(f"  frozen: median {statistics.median(frozen) * 1000:.0f} ms over {runs} runs "
          f"({', '.join(f'{s * 1000:.0f}' for s in frozen)})")
    print(f"  virtual environment: median {statistics.median(dev) * 1000:.0f} ms "
          f"({', '.join(f'{s * 1000:.0f}' for s in dev)})")
    print(f"  ratio {ratio:.2f}x (goal <= {RATIO_GOAL}x; key derivation excluded from both)")
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse-venv", action="store_true", help="keep build/venv if it is there")
    parser.add_argument("--no-build", action="store_true", help="only the smoke tests and figures of dist/")
    parser.add_argument("--runs", type=int, default=5, help="start-up runs of each (default 5)")
    parser.add_argument("--people", type=int, default=10_000, help="people in the start-up vault")
    parser.add_argument("--keep", action="store_true", help="keep the smoke tests' temp folder")
    args = parser.parse_args()

    began = time.perf_counter()
    try:
        if not args.no_build:
            make_venv(args.reuse_venv)
            build()
    except subprocess.CalledProcessError as error:
        print(f"\nBUILD FAILED: {' '.join(map(str, error.cmd))} exited {error.returncode}", file=sys.stderr)
        return 1
    built = time.perf_counter() - began
    if not frozen_app().exists():
        print(f"\nNo build at {frozen_app()}", file=sys.stderr)
        return 1

    folder = Path(tempfile.mkdtemp(prefix="careplan-smoke-"))
    smoke = Smoke(folder)
    try:
        smoke_tests(smoke)
        total_mb = size_report()
        ratio = startup_report(smoke, args.runs, args.people)
    finally:
        if args.keep:
            print(f"\n(kept {folder})")
        else:
            shutil.rmtree(folder, ignore_errors=True)

    step("summary")
    print(f"  build time: {built:.0f} s (environment and PyInstaller); whole run {time.perf_counter() - began:.0f} s")
    print(f"  size: {total_mb:.1f} MB (goal <= {SIZE_GOAL_MB} MB)")
    print(f"  start-up ratio, frozen / virtual environment: "
          f"{'not measured' if ratio is None else f'{ratio:.2f}x'} (goal <= {RATIO_GOAL}x)")
    print(f"  smoke tests: {smoke.passed} passed, {len(smoke.failures)} failed")
    for name in smoke.failures:
        print(f"    FAILED: {name}")
    return 1 if smoke.failures else 0


if __name__ == "__main__":
    sys.exit(main())
