"""The built book, read in headless Chromium as a reader would.

Needs the built book (`make book`) and Debian's Chromium (`make chromium`);
`make test` provides both. Every page is served from 127.0.0.1 and any request
to another host is blocked and reported.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "_build" / "html"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
REDIRECT = 'http-equiv="Refresh"'
ALL_PAGES = sorted(p.relative_to(HTML).as_posix() for p in HTML.rglob("*.html") if "_static" not in p.parts) if HTML.exists() else []
PAGES = [page for page in ALL_PAGES if REDIRECT not in (HTML / page).read_text(encoding="utf-8")[:2000]]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request."""

    def log_message(self, *args) -> None:
        pass


def toc_pages() -> list[str]:
    """Built page of every file in _toc.yml."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    stack = list(toc.get("chapters", [])) + [c for part in toc.get("parts", []) for c in part.get("chapters", [])]
    while stack:
        entry = stack.pop()
        files.append(entry["file"])
        stack.extend(entry.get("sections", []))
    return [f"{name}.html" for name in files]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The built book over HTTP on 127.0.0.1."""
    assert HTML.exists(), "no built book in _build/html: run `make book` first"
    handler = functools.partial(QuietHandler, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium driven by Playwright."""
    assert CHROMIUM, "Chromium not found: run `make chromium` (Debian package chromium)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_every_toc_entry_was_built():
    missing = [page for page in toc_pages() if not (HTML / page).exists()]
    assert not missing, f"chapters in _toc.yml without a built page: {missing}"


@pytest.mark.parametrize("page", PAGES)
def test_page_reads_offline_without_errors(page, server, browser):
    context = browser.new_context()
    outside: list[str] = []
    failed: list[str] = []
    js_errors: list[str] = []

    def route(route):
        if urlparse(route.request.url).hostname in {"127.0.0.1", None}:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    tab.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    tab.on("pageerror", lambda error: js_errors.append(str(error)))
    tab.goto(f"{server}/{page}", wait_until="load")
    tab.wait_for_load_state("networkidle")

    assert tab.title().strip(), "page has no title"
    assert tab.locator("main h1:visible").count() >= 1, "page shows no heading"
    images = tab.evaluate("Array.from(document.images).map(i => [i.currentSrc, i.complete && i.naturalWidth > 0])")
    assert all(ok for _, ok in images), f"images that did not load: {[src for src, ok in images if not ok]}"
    errors = tab.locator(".output.traceback, .output.error, .output.stderr, .cell_output .stderr").count()
    assert errors == 0, f"{errors} error or stderr outputs on the page"
    assert "Traceback (most recent call last)" not in tab.inner_text("body")
    math = tab.locator(".math").count()
    if math:
        tab.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=10_000)
        tab.evaluate("() => MathJax.startup.promise")
        rendered = tab.locator(".math mjx-container").count()
        assert rendered == math, f"{math - rendered} of {math} formulas not rendered by MathJax"
        assert tab.locator("mjx-merror").count() == 0, "MathJax reported a formula error"
    assert not outside, f"requests that left the machine: {outside}"
    assert not failed, f"requests that failed: {failed}"
    assert not js_errors, f"JavaScript errors: {js_errors}"
    context.close()


def test_site_root_redirects_to_the_first_page(server, browser):
    tab = browser.new_page()
    tab.goto(f"{server}/index.html")
    root = yaml.safe_load((ROOT / "_toc.yml").read_text())["root"]
    tab.wait_for_url(f"**/{root}.html", timeout=10_000)
    tab.close()


def test_the_book_has_math_and_figures_to_check():
    """Guards the page test against passing vacuously."""
    html = {page: (HTML / page).read_text(encoding="utf-8") for page in PAGES}
    assert any('class="math' in text for text in html.values())
    assert any("<img" in text and "_images/" in text for text in html.values())


PDF = ROOT / "_build" / "cxstudy.pdf"


def test_pdf_has_every_page_and_figure():
    """`make pdf` prints the single-page build; every figure of the HTML book must be in it."""
    from pypdf import PdfReader

    assert PDF.exists(), "no _build/cxstudy.pdf: run `make pdf`"
    reader = PdfReader(PDF)
    images = sum(len(page.images) for page in reader.pages)
    figures = sum((HTML / page).read_text(encoding="utf-8").count('src="../_images/') for page in PAGES)
    assert len(reader.pages) > 20 and images >= figures > 10
    text = " ".join(" ".join(page.extract_text() for page in reader.pages[:3]).split())
    assert "How companies treat customers who complain" in text and "One rule, stated once" in text
