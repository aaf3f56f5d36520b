"""The command line of the Python integration tests: `<test>.py BROADSIDE [TEST...]`."""

import sys
import tempfile


def run_suite(tests, standalone, fixture):
    """Runs the tests named on the command line (all by default), each in a fresh
    directory: `tests` get `fixture(binary, work)` (stopped afterwards), `standalone`
    ones start what they need from (binary, work). Exits 1 if any failed."""
    binary = sys.argv[1]
    names = sys.argv[2:] or list(tests) + list(standalone)
    failed = []
    for name in names:
        with tempfile.TemporaryDirectory() as work:
            try:
                if name in standalone:
                    standalone[name](binary, work)
                else:
                    started = fixture(binary, work)
                    try:
                        tests[name](started)
                    finally:
                        started.stop()
                print("ok", name)
            except Exception as e:  # noqa: BLE001 - report and go on
                failed.append(name)
                print("FAILED", name, repr(e))
    if failed:
        sys.exit(1)
