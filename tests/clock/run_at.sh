#!/usr/bin/env bash
# Run the test suite (or part of it) with Python's clock moved to MOMENT, on the UK's clock:
#   tests/clock/run_at.sh 2027-03-28T00:30 [pytest arguments]
# Every Python process of the run, children included, starts at MOMENT and keeps ticking
# (tests/clock/sitecustomize.py); the monotonic clock that Qt timers and waits use is untouched.
# time_machine is imported before pytest starts, so pytest cannot rewrite its plugin: that warning is hushed.
set -uo pipefail
if [ "$#" -lt 1 ]; then
  echo "usage: $0 MOMENT [pytest arguments]   (MOMENT like 2027-03-28T00:30, Europe/London time)" >&2
  exit 2
fi
moment="$1"
shift
root="$(cd "$(dirname "$0")/../.." && pwd)"
python="${PYTHON:-$root/.venv/bin/python}"
echo "Running the tests with the clock moved to $moment (Europe/London)"
cd "$root" && CAREPLAN_FAKE_NOW="$moment" TZ=Europe/London PYTHONPATH="$root/tests/clock${PYTHONPATH:+:$PYTHONPATH}" \
  "$python" -m pytest -W "ignore:Module already imported so cannot be rewritten:pytest.PytestAssertRewriteWarning" "$@"
