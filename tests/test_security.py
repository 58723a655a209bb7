"""Untrusted text stays inert in the HTML outputs, and analysis never opens a network connection."""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess

import pytest

from geoanalysis import cli

HOSTILE_MD = """# Putin <script>alert('headline')</script> meets Xi {{ 7*7 }}

By Jane <img src=x onerror=alert(1)> Roe

Vladimir Putin met Xi Jinping in Beijing <script>alert("body")</script> on Monday.
Russia and China signed a deal, said <a href="javascript:alert(2)" onclick="alert(3)">Reuters</a>.
"{{ config }} {% for x in range(9) %}x{% endfor %} ${7*7} <!-- -->" NATO said in Brussels.
The Kremlin said "</script><script>alert('quote')</script>" to Ukraine.
Kyiv said <img src=x onerror="document.title='PWNED'"> and <script>document.title='PWNED'</script> again.
"""


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    data = tmp / "data"
    data.mkdir()
    (data / "hostile<b>.md").write_text(HOSTILE_MD, encoding="utf-8")  # Markdown: the reader drops the tags
    (data / "raw.txt").write_text(HOSTILE_MD.replace("# ", ""), encoding="utf-8")  # plain text: tags are text
    out = tmp / "out"
    assert cli.main(["analyze", str(data), "--out", str(out), "--languages", "all"]) == 0  # both analysed
    return out


def _scripts(page: str) -> list[tuple[str, str]]:
    return re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S | re.I)


@pytest.mark.parametrize("name", ["report.html", "network.html"])
def test_article_markup_stays_inert(hostile_run, name):
    page = (hostile_run / name).read_text(encoding="utf-8")
    assert "alert" in page  # the hostile text is there (as inert text) ...
    for raw in ("<script>alert", "</script><script>", "<img src=x", "onerror=alert", 'onclick="alert',
                'href="javascript:'):
        assert raw not in page, raw  # ... but none of its markup
    assert not re.search(r"<script[^>]+src=", page)


def test_report_escapes_article_text_and_shows_template_syntax_literally(hostile_run):
    page = (hostile_run / "report.html").read_text(encoding="utf-8")
    scripts = _scripts(page)
    assert [a for a, _ in scripts] == [' type="application/json" id="geoanalysis-summary"']
    assert "Putin &lt;script&gt;alert(&#39;headline&#39;)&lt;/script&gt; meets Xi {{ 7*7 }}" in page
    assert "&lt;!-- --&gt;" in page
    assert "hostile&lt;b&gt;" in page  # file names escaped too


def test_network_html_embeds_data_without_a_way_to_close_the_script(hostile_run):
    page = (hostile_run / "network.html").read_text(encoding="utf-8")
    for attrs, body in _scripts(page):
        assert "</script" not in body.lower()
        assert "<script" not in body.lower()
        assert "alert('quote')" not in body or "\\u003c" in body


def test_analysis_opens_no_network_socket(tmp_path, monkeypatch):
    from geoanalysis import config

    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    assert cli.main(["analyze", str(config.RAW_DATA_DIR), "--out", str(tmp_path)]) == 0
    assert (tmp_path / "report.html").exists() and (tmp_path / "network.html").exists()
    assert calls == []


# --------------------------------------------------------------------------- in a browser

#: Flags for headless Chromium on a machine with no network (background services would try to connect).
_CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   "--virtual-time-budget=5000", "--enable-logging=stderr", "--v=0"]


def _render(page, profile) -> tuple[str, list[str]]:
    """The DOM of ``page`` after its scripts ran in headless Chromium, and the console messages."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        if os.environ.get("GEOANALYSIS_REQUIRE_BROWSER"):  # CI installs Chromium (.ci/run): never skip there
            pytest.fail("GEOANALYSIS_REQUIRE_BROWSER is set but no Chromium is installed")
        pytest.skip("no Chromium to render the pages (CI installs it)")
    proc = subprocess.run([browser, *_CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0 and "</html>" in proc.stdout, proc.stderr[-2000:]
    console = [line.split("] ", 1)[-1] for line in proc.stderr.splitlines() if ":INFO:CONSOLE" in line]
    return proc.stdout, console


def _problems(console: list[str]) -> list[str]:
    """Script errors and blocked content (an injected script under the report's Content-Security-Policy)."""
    return [m for m in console if re.search(r"Uncaught|Refused|violates|Content Security Policy", m)]


@pytest.mark.slow
def test_report_renders_in_a_browser_with_the_article_text_inert(hostile_run, tmp_path):
    dom, console = _render(hostile_run / "report.html", tmp_path / "profile")
    assert re.search(r"<title>[^<]*</title>", dom).group(0) != "<title>PWNED</title>"  # no injected script ran
    assert _problems(console) == []  # no script error, nothing blocked by the Content-Security-Policy
    assert len(re.findall(r'<img [^>]*src="data:image/png;base64,', dom)) == 3  # the figures, embedded
    assert "document.title='PWNED'" in dom  # the payload is there, as text


@pytest.mark.slow
def test_network_view_draws_every_node_in_a_browser_with_the_article_text_inert(hostile_run, tmp_path):
    page = (hostile_run / "network.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', page,
                                flags=re.S).group(1))
    dom, console = _render(hostile_run / "network.html", tmp_path / "profile")
    assert re.search(r"<title>[^<]*</title>", dom).group(0) != "<title>PWNED</title>"
    assert _problems(console) == []
    assert len(data["nodes"]) > 3
    assert len(re.findall(r'<g class="node', dom)) == len(data["nodes"])  # the script drew the graph
    assert "<script>document.title" not in dom and "onerror=" not in dom
