#!/usr/bin/env python3
"""Opens the HTML reports in headless Chromium and checks that they load with
no script error or console message and that every chart was drawn with data.

The pages record on <body> what their script did: data-charts, data-plots
(charts drawn with at least one point) and data-errors (errors and
console.error calls); Chromium's --dump-dom shows the page after its scripts
ran, and --enable-logging=stderr shows console messages and uncaught errors.

Checks a `sim --report` of sim/examples/rolling_restart.json and the
report.html of a small `broadside sweep` of it, then proves the check can fail:
a page with a broken script and a page with empty charts must both be rejected.

    check_html_report.py BROADSIDE_BINARY SOURCE_ROOT
"""
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile


def browse(page, tmp):
    """(body attributes, console/uncaught lines) of `page` in Chromium."""
    chromium = shutil.which("chromium")
    if not chromium:
        sys.exit("FAILED: chromium is not installed (scripts/setup installs it)")
    done = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr",
         "--v=0", f"--user-data-dir={tmp / 'profile'}", "--dump-dom", page.resolve().as_uri()],
        capture_output=True, text=True, timeout=120)
    body = re.search(r"<body([^>]*)>", done.stdout)
    if done.returncode != 0 or not body:
        sys.exit(f"FAILED: chromium on {page.name} ({done.returncode}):\n{done.stderr[-2000:]}")
    attributes = dict(re.findall(r'data-([a-z]+)="([^"]*)"', body.group(1)))
    console = [line for line in done.stderr.splitlines()
               if ":CONSOLE" in line or "Uncaught" in line]
    return attributes, console


def problems(page, min_charts, tmp):
    attributes, console = browse(page, tmp)
    found = [f"console: {line}" for line in console]
    if attributes.get("errors") != "0":
        found.append(f"data-errors={attributes.get('errors')}")
    charts, plots = int(attributes.get("charts", 0)), int(attributes.get("plots", -1))
    if charts < min_charts:
        found.append(f"{charts} charts, expected at least {min_charts}")
    if plots != charts:
        found.append(f"{plots} of {charts} charts drawn with data")
    return found


def expect_ok(page, min_charts, tmp):
    found = problems(page, min_charts, tmp)
    if found:
        sys.exit(f"FAILED {page.name}:\n  " + "\n  ".join(found))
    print(f"ok {page.name}")


def expect_rejected(page, min_charts, tmp, why):
    found = problems(page, min_charts, tmp)
    if not found:
        sys.exit(f"FAILED: the check accepted {page.name} ({why})")
    print(f"ok {page.name} rejected ({why}): {found[0][:100]}")


def main():
    binary, root = sys.argv[1], pathlib.Path(sys.argv[2])
    examples = root / "sim" / "examples"
    with tempfile.TemporaryDirectory() as name:
        tmp = pathlib.Path(name)
        run_page = tmp / "run.html"
        subprocess.run([binary, "sim", "--scenario", str(examples / "rolling_restart.json"),
                        "--report", str(run_page)], check=True, capture_output=True)
        expect_ok(run_page, 5, tmp)

        subprocess.run([binary, "sweep", "--scenario", str(examples / "rolling_restart.json"),
                        "--param", "commands[0].max_concurrency=1,25%", "--seeds", "1-2",
                        "--out", str(tmp / "sweep"), "--jobs", "2"], check=True, capture_output=True)
        expect_ok(tmp / "sweep" / "report.html", 2, tmp)

        text = run_page.read_text()
        broken = tmp / "broken.html"
        broken.write_text(text.replace("</body>", "<script>notAFunction();</script></body>"))
        expect_rejected(broken, 5, tmp, "a script error")
        empty = tmp / "empty.html"
        empty.write_text(re.sub(r'"points":\[[^\]]*(\][^\]]*)*?\]\}', '"points":[]}', text))
        expect_rejected(empty, 5, tmp, "charts without data")


if __name__ == "__main__":
    main()
