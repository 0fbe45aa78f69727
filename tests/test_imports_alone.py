"""No import circle at run time: every module of the package is imported on its own, first, into
an interpreter holding none of the package (a circle shows only when the import starts at the
wrong end of it).

To keep this quick, one fresh interpreter loads the heavy third-party libraries (Qt,
SQLAlchemy, reportlab) once and then forks a child per module, two at a time: each child starts
with no `careplan_desktop` module loaded and imports exactly one.
"""

import subprocess
import sys
import textwrap

ZYGOTE = textwrap.dedent(
    """
    import os, pkgutil, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import sqlalchemy, sqlalchemy.orm, reportlab.platypus, cryptography, PySide6.QtWidgets  # third party only

    def modules(root):
        spec_path = [os.path.join(root, "careplan_desktop")]
        names = ["careplan_desktop"]
        for info in pkgutil.walk_packages(spec_path, "careplan_desktop."):
            if info.name.endswith(".__main__") or ".store.migrations." in info.name + ".":
                continue  # __main__ starts the app; the migrations run only inside Alembic
            names.append(info.name)
        return names

    import careplan_desktop  # only to find the folder, then forgotten
    root = os.path.dirname(os.path.dirname(careplan_desktop.__file__))
    for name in [n for n in sys.modules if n.startswith("careplan_desktop")]:
        del sys.modules[name]
    names = modules(root)
    for name in [n for n in sys.modules if n.startswith("careplan_desktop")]:
        del sys.modules[name]

    running, failed = {}, []
    def reap():
        pid, status = os.wait()
        if status != 0:
            failed.append(running[pid])
        del running[pid]
    for name in names:
        if len(running) == 2:
            reap()
        pid = os.fork()
        if pid == 0:
            assert not any(n.startswith("careplan_desktop") for n in sys.modules)
            try:
                __import__(name)
            except BaseException as error:
                print(f"{name}: {type(error).__name__}: {error}", file=sys.stderr)
                os._exit(1)
            os._exit(0)
        running[pid] = name
    while running:
        reap()
    print(len(names), sorted(failed))
    """
)


def run_zygote(extra_path: str | None = None) -> subprocess.CompletedProcess:
    code = (f"import sys; sys.path.insert(0, {extra_path!r})\n" if extra_path else "") + ZYGOTE
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=240)


def test_every_module_imports_alone():
    done = run_zygote()
    assert done.returncode == 0, done.stderr
    count, failed = done.stdout.strip().split(" ", 1)
    assert int(count) > 150
    assert failed == "[]", done.stderr


def test_a_circle_is_caught(tmp_path):
    """The check can fail: two modules that import a name from each other do not import alone."""
    package = tmp_path / "careplan_desktop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from careplan_desktop.b import B\nA = 1\n")
    (package / "b.py").write_text("from careplan_desktop.a import A\nB = 2\n")
    done = run_zygote(str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("['careplan_desktop.a', 'careplan_desktop.b']")
    assert "circular import" in done.stderr
