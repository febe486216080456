#!/usr/bin/env python3
"""Render a Markdown report as GitHub shows it and save a PNG screenshot.

    python tools/screenshot_report.py [reports/report.md] [-o build/report.png]

The Markdown goes through cmarkgfm (GitHub's cmark-gfm, the test dependency) with GitHub's
extensions and its safe mode (raw HTML is not passed through), the ```mermaid blocks are
drawn by Mermaid in a headless Chromium, as GitHub draws them, and the page is
photographed. Needs Chromium (Debian: `apt-get install chromium`) and the mermaid npm
package (`npm install --no-save mermaid` at the repository root, or `--mermaid FILE`).
Neither is a dependency of ceasewatch or of its tests. A diagram Mermaid cannot draw is
reported on standard error, and the exit code is 1.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import cmarkgfm  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
MERMAID = ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
#: Chromium cannot paint a taller page in one piece; a longer report is cut there.
MAX_HEIGHT = 16000

# GitHub's Markdown look, roughly: its font stack, width, tables, code and headings.
STYLE = """
body { margin: 0; background: #fff; }
.markdown-body { box-sizing: border-box; max-width: 1012px; margin: 0 auto; padding: 32px;
  font: 16px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif,
  "Noto Color Emoji"; color: #1f2328; word-wrap: break-word; }
h1, h2 { border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; }
h1 { font-size: 2em; } h2 { font-size: 1.5em; } h3 { font-size: 1.25em; } h4 { font-size: 1em; }
h1, h2, h3, h4 { margin: 24px 0 16px; font-weight: 600; line-height: 1.25; }
p, ul, table, pre { margin: 0 0 16px; }
table { border-collapse: collapse; display: block; overflow: auto; max-width: 100%; }
th, td { border: 1px solid #d1d9e0; padding: 6px 13px; }
th { font-weight: 600; } tr:nth-child(2n) { background: #f6f8fa; }
code { font: 85% ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  background: rgba(129, 139, 152, .12); padding: .2em .4em; border-radius: 6px; }
pre.mermaid { background: none; text-align: center; }
img { max-width: 100%; }
"""

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><base href="{base}"><style>{style}</style></head>
<body><article class="markdown-body">{body}</article>
<script src="{mermaid}"></script>
<script>
mermaid.initialize({{ startOnLoad: false, theme: "default" }});
mermaid.run({{ querySelector: "pre.mermaid" }}).catch(() => null).then(() => {{
  const errors = document.querySelectorAll('[aria-roledescription="error"], .error-icon').length;
  document.body.setAttribute("data-rendered", document.querySelectorAll("pre.mermaid svg").length);
  document.body.setAttribute("data-errors", errors);
  document.body.setAttribute("data-height", document.documentElement.scrollHeight);
}});
</script></body></html>
"""


def page(markdown: str, base: Path, mermaid: Path) -> str:
    """The report as an HTML page: GitHub-flavoured, each Mermaid block left for Mermaid."""
    body = cmarkgfm.github_flavored_markdown_to_html(markdown)
    # cmark-gfm writes a fenced block as <pre lang="mermaid"><code>…</code></pre>; Mermaid
    # reads a <pre class="mermaid"> whose text is the diagram (the entities decode as text).
    body = re.sub(
        r'<pre lang="mermaid"><code>(.*?)</code></pre>',
        r'<pre class="mermaid">\1</pre>',
        body,
        flags=re.DOTALL,
    )
    return PAGE.format(
        base=html.escape(base.as_uri() + "/"),
        style=STYLE,
        body=body,
        mermaid=html.escape(mermaid.as_uri()),
    )


def chromium(binary: str, *args: str) -> subprocess.CompletedProcess[str]:
    flags = ["--headless", "--disable-gpu", "--hide-scrollbars", "--virtual-time-budget=30000"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    return subprocess.run(  # noqa: S603
        [binary, *flags, *args], capture_output=True, text=True, check=False, timeout=300
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", nargs="?", type=Path, default=ROOT / "reports" / "report.md")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "build" / "report.png")
    parser.add_argument("--width", type=int, default=1100, help="window width in pixels")
    parser.add_argument("--height", type=int, help="only this much of the page (pixels)")
    parser.add_argument("--mermaid", type=Path, default=MERMAID, help="mermaid.min.js")
    parser.add_argument("--chromium", help="the browser (default: chromium, found on PATH)")
    args = parser.parse_args(argv)

    browser = args.chromium or next(
        (b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
    )
    if browser is None:
        print("no Chromium found: apt-get install chromium, or give --chromium", file=sys.stderr)
        return 2
    if not args.mermaid.is_file():
        hint = "npm install --no-save mermaid, or give --mermaid"
        print(f"no {args.mermaid}: {hint}", file=sys.stderr)
        return 2
    report = args.report.resolve()
    text = report.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        html_file = Path(tmp) / "report.html"
        html_file.write_text(page(text, report.parent, args.mermaid.resolve()), encoding="utf-8")
        # First pass: let Mermaid draw, then read how tall the page is and what failed.
        size = f"--window-size={args.width},1000"
        dom = chromium(browser, size, "--dump-dom", html_file.as_uri())
        found = {
            k: int(v) for k, v in re.findall(r'data-(rendered|errors|height)="(\d+)"', dom.stdout)
        }
        if "height" not in found:
            print(f"the page did not finish rendering:\n{dom.stderr[-2000:]}", file=sys.stderr)
            return 1
        height = min(args.height or found["height"], MAX_HEIGHT)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        shot = chromium(
            browser,
            f"--window-size={args.width},{height}",
            f"--screenshot={args.output.resolve()}",
            html_file.as_uri(),
        )
        if shot.returncode != 0 or not args.output.is_file():
            print(f"no screenshot:\n{shot.stderr[-2000:]}", file=sys.stderr)
            return 1
    blocks = text.count("```mermaid")
    cut = f", cut at {height} of {found['height']} px" if height < found["height"] else ""
    print(f"{args.output}: {found['rendered']} of {blocks} diagrams drawn{cut}")
    if found["errors"] or found["rendered"] != blocks:
        print(f"{found['errors']} diagram(s) Mermaid could not draw", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
