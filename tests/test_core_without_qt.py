"""ARCHITECTURE rule 1: the core runs with PySide6 unimportable."""

import subprocess
import sys
import textwrap

CORE = ("domain", "models", "store", "services", "documents", "exchange", "cli")


def test_core_packages_import_without_pyside6():
    script = textwrap.dedent(
        f"""
        import importlib, pkgutil, sys

        class BlockQt:
            def find_spec(self, name, path=None, target=None):
                if name == "PySide6" or name.startswith("PySide6.") or name.startswith("shiboken6"):
                    raise ImportError("PySide6 is blocked in this test")
                return None

        sys.meta_path.insert(0, BlockQt())
        import careplan_desktop
        imported = []
        for area in {CORE!r}:
            module = importlib.import_module("careplan_desktop." + area)
            imported.append(module.__name__)
            for info in pkgutil.walk_packages(getattr(module, "__path__", []), module.__name__ + "."):
                if ".migrations" in info.name:
                    continue
                importlib.import_module(info.name)
                imported.append(info.name)
        assert not any(name.startswith("PySide6") for name in sys.modules), "Qt was imported"
        print(len(imported))
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) >= 10
