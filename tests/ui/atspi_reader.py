"""Read CarePlan Desktop the way Orca does: through AT-SPI, from another process. Runs with the
system's python3 (Debian's python3-pyatspi), not the project's venv:

    /usr/bin/python3 tests/ui/atspi_reader.py

Prints one JSON object: the application's accessible tree, flattened, each node as
{role, name, description, focusable, showing} and, for tables, their column headings.
"""

import json
import sys
import time

import pyatspi


def app_named(name, tries=100):
    for _ in range(tries):
        desktop = pyatspi.Registry.getDesktop(0)
        for index in range(desktop.childCount):
            app = desktop.getChildAtIndex(index)
            if app is not None and app.name == name:
                return app
        time.sleep(0.1)
    return None


def walk(node, found, depth=0):
    if node is None or depth > 60 or len(found) > 5000:
        return
    try:
        states = node.getState()
        entry = {
            "role": node.getRoleName(),
            "name": node.name or "",
            "description": node.description or "",
            "focusable": states.contains(pyatspi.STATE_FOCUSABLE),
            "showing": states.contains(pyatspi.STATE_SHOWING),
        }
        try:
            table = node.queryTable()
        except NotImplementedError:
            table = None
        if table is not None:
            entry["columns"] = [table.getColumnDescription(c) or (table.getColumnHeader(c).name
                                if table.getColumnHeader(c) is not None else "") for c in range(table.nColumns)]
        found.append(entry)
        if not entry["showing"] and depth > 2:  # what is not on screen is not read out
            return
        for index in range(node.childCount):
            walk(node.getChildAtIndex(index), found, depth + 1)
    except Exception as error:  # a node that went away while read: note it and carry on
        found.append({"role": "gone", "name": str(error), "description": "", "focusable": False, "showing": False})


def main():
    app = app_named(sys.argv[1] if len(sys.argv) > 1 else "CarePlan Desktop")
    if app is None:
        print(json.dumps({"error": "the application is not on the accessibility bus"}))
        return 1
    found = []
    walk(app, found)
    print(json.dumps({"nodes": found}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
