"""cleaners/deferred.py: a package imported with one dependency deferred gets the real dependency's values when it
uses them, and any import-time use that cannot wait makes it import the ordinary way. Each case runs in a fresh
interpreter, on a small package and dependency written for it (and on htmldate with urllib3, as the cleaner
imports it)."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from .conftest import REPO

DEPENDENCY = """\
VERSION = 2
LOG = []


def note(x):
    LOG.append(x)


def make_retry(total):
    return {"total": total}


class Pool:
    def __init__(self, retries=None):
        self.retries = retries

    def get(self):
        return ("got", self.retries)
"""


def run(tmp_path, package: str, check: str) -> str:
    (tmp_path / "fakedep.py").write_text(DEPENDENCY)
    (tmp_path / "fakepkg.py").write_text(textwrap.dedent(package))
    script = "import sys\nfrom cleaners.deferred import import_without, _Later, _StandIn\n" + textwrap.dedent(check)
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60,
                          env={"PYTHONPATH": f"{tmp_path}:{REPO}", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_calls_made_at_import_wait_until_the_package_uses_what_they_made(tmp_path):
    out = run(tmp_path, """
        import fakedep

        fakedep.note("first")
        POOL = fakedep.Pool(retries=fakedep.make_retry(total=3))


        def fetch():
            return POOL.get()


        def version():
            return fakedep.VERSION
        """, """
        pkg = import_without("fakepkg", "fakedep")
        assert "fakedep" not in sys.modules and isinstance(pkg.POOL, _Later) and isinstance(pkg.fakedep, _StandIn)
        assert pkg.fetch() == ("got", {"total": 3})
        import fakedep
        assert fakedep.LOG == ["first"]                      # made once, in order, before the pool was used
        assert pkg.fetch() == ("got", {"total": 3}) and fakedep.LOG == ["first"]
        assert pkg.version() == 2 and pkg.POOL.retries == {"total": 3} and pkg.POOL == pkg.POOL
        print("ok")
        """)
    assert out.split() == ["ok"]


@pytest.mark.parametrize("package, expected", [
    ("import fakedep\nNEW = fakedep.VERSION > 1\n", "NEW True"),                     # a comparison
    ("import fakedep\nNEW = True if fakedep.VERSION else False\n", "NEW True"),      # a truth test
    ("from fakedep import Pool\nNEW = Pool\n", "NEW <class 'fakedep.Pool'>"),        # a name kept from it
    ("import fakedep\ntry:\n    NEW = fakedep.VERSION + 1\nexcept TypeError:\n    NEW = None\n", "NEW 3"),
    ("import fakedep\ntry:\n    NEW = bool(fakedep.VERSION)\nexcept BaseException:\n    NEW = 'lost'\n", "NEW True"),
    ("import fakedep\nNEW = f'v{fakedep.VERSION}'\n", "NEW v2"),                     # a str
    ("import fakedep\nclass NEW(fakedep.Pool):\n    pass\n", "NEW <class 'fakepkg.NEW'>"),  # a base class
])
def test_a_use_at_import_that_cannot_wait_imports_the_ordinary_way(tmp_path, package, expected):
    out = run(tmp_path, package, """
        pkg = import_without("fakepkg", "fakedep")
        import fakedep
        assert pkg.fakedep is fakedep if hasattr(pkg, "fakedep") else True
        assert not any(isinstance(v, (_Later, _StandIn)) for v in vars(pkg).values())
        print("NEW", pkg.NEW)
        """)
    assert out.strip() == expected


def test_nothing_is_deferred_when_the_dependency_is_in(tmp_path):
    out = run(tmp_path, "import fakedep\nPOOL = fakedep.Pool()\n", """
        import fakedep
        pkg = import_without("fakepkg", "fakedep")
        print(type(pkg.POOL).__name__)
        """)
    assert out.split() == ["Pool"]


def test_after_first_use_the_package_holds_the_real_objects(tmp_path):
    out = run(tmp_path, "import fakedep\nPOOL = fakedep.Pool(retries=fakedep.make_retry(total=3))\n", """
        pkg = import_without("fakepkg", "fakedep")
        pkg.POOL.get()
        import fakedep
        print(pkg.fakedep is fakedep, type(pkg.POOL).__name__, isinstance(pkg.POOL, fakedep.Pool))
        """)
    assert out.split() == ["True", "Pool", "True"]


def test_a_replay_cut_short_goes_on_where_it_stopped(tmp_path):
    """An interrupt (Ctrl-C, a page's time limit) during the first use must not lose the calls not made yet."""
    out = run(tmp_path, "import fakedep\nfakedep.note(1)\nfakedep.note(2)\nPOOL = fakedep.Pool()\n", """
        pkg = import_without("fakepkg", "fakedep")
        import fakedep
        real_note, calls = fakedep.note, []
        def note(x):
            calls.append(x)
            if len(calls) == 2:
                raise KeyboardInterrupt
            real_note(x)
        fakedep.note = note
        try:
            pkg.POOL.get()
        except KeyboardInterrupt:
            pass
        fakedep.note = real_note
        pkg.POOL.get()
        print(fakedep.LOG)
        """)
    assert out.strip() == "[1, 2]"


def test_a_submodule_asked_for_at_import_falls_back(tmp_path):
    out = run(tmp_path, "try:\n    import fakedep.sub\n    NEW = True\nexcept ImportError:\n    NEW = False\n", """
        pkg = import_without("fakepkg", "fakedep")
        print(pkg.NEW, "fakedep" in sys.modules)
        """)
    assert out.split() == ["False", "True"]  # what the ordinary import says: fakedep is a module, not a package


def test_a_fallback_makes_every_new_module_again(tmp_path):
    """A module the failed import made, with a stand-in in it, is not kept beside the ordinary import's."""
    (tmp_path / "fakemid.py").write_text("import fakedep\nPOOL = fakedep.Pool()\n")
    out = run(tmp_path, "import fakemid\nimport fakedep\nNEW = fakedep.VERSION > 1\n", """
        pkg = import_without("fakepkg", "fakedep")
        import fakedep, fakemid
        print(pkg.NEW, type(fakemid.POOL).__name__, pkg.fakemid is fakemid)
        """)
    assert out.split() == ["True", "Pool", "True"]


FUNCTIONS = "import sys\nfrom cleaners.deferred import import_without\n"


def test_a_function_taken_by_name_imports_its_module_at_its_first_call(tmp_path):
    out = run(tmp_path, "from fakedep import note, make_retry\n\ndef use(x):\n    note(x)\n    return make_retry(x)\n", """
        pkg = import_without("fakepkg", functions={"fakedep": ("note", "make_retry")})
        print("fakedep" in sys.modules, pkg.use(3), "fakedep" in sys.modules)
        import fakedep
        print(list(fakedep.LOG), pkg.use(4), fakedep.LOG)
        """)
    assert out.split() == ["False", "{'total':", "3}", "True", "[3]", "{'total':", "4}", "[3,", "4]"]


@pytest.mark.parametrize("package, expected", [
    # a name not listed, which the package would take for missing if the import said so
    ("try:\n    from fakedep import Pool\nexcept ImportError:\n    Pool = None\nNEW = Pool\n",
     "NEW <class 'fakedep.Pool'>"),
    ("import fakedep\nNEW = fakedep.VERSION\n", "NEW 2"),                             # any other use at import
    # a call at import, even inside a try: the ordinary import makes it with the real function
    ("from fakedep import note\ntry:\n    note(1)\n    NEW = 'called'\nexcept Exception:\n    NEW = 'lost'\n",
     "NEW called"),
    ("from fakedep import *\nNEW = sorted(n for n in dir() if n[0] != '_')\n",         # every public name
     "NEW ['LOG', 'Pool', 'VERSION', 'make_retry', 'note']"),
    ("import fakedep\nNEW = getattr(fakedep, '__file__', None) is not None\n", "NEW True"),  # a dunder
    ("import fakedep\nNEW = 'note' in dir(fakedep) and 'Pool' in dir(fakedep)\n", "NEW True"),
])
def test_a_function_dependency_used_otherwise_imports_the_ordinary_way(tmp_path, package, expected):
    out = run(tmp_path, package, """
        pkg = import_without("fakepkg", functions={"fakedep": ("note",)})
        print("NEW", pkg.NEW)
        """)
    assert out.strip() == expected


def test_a_submodule_of_a_function_dependency_asked_for_at_import_falls_back(tmp_path):
    (tmp_path / "fakedir").mkdir()
    (tmp_path / "fakedir" / "__init__.py").write_text("def note(x):\n    return x\n")
    (tmp_path / "fakedir" / "sub.py").write_text("")
    out = run(tmp_path, "from fakedir import note\ntry:\n    import fakedir.sub\n    NEW = True\nexcept ImportError:\n    NEW = False\n", """
        pkg = import_without("fakepkg", functions={"fakedir": ("note",)})
        print("NEW", pkg.NEW, pkg.note(5))
        """)
    assert out.strip() == "NEW True 5"


def test_a_function_dependency_not_installed_imports_the_ordinary_way(tmp_path):
    out = run(tmp_path, "try:\n    from nodep_here import note\nexcept ImportError:\n    note = None\nNEW = note\n", """
        pkg = import_without("fakepkg", functions={"nodep_here": ("note",)})
        print("NEW", pkg.NEW)
        """)
    assert out.strip() == "NEW None"


def test_after_the_first_call_the_package_holds_the_real_module_and_function(tmp_path):
    out = run(tmp_path, "import fakedep\nfrom fakedep import note\n\ndef use():\n    note(1)\n", """
        pkg = import_without("fakepkg", functions={"fakedep": ("note",)})
        pkg.use()
        import fakedep
        print(pkg.fakedep is fakedep, pkg.note is fakedep.note, fakedep.LOG)
        """)
    assert out.split() == ["True", "True", "[1]"]


def test_a_function_dependency_after_the_import_is_the_real_module(tmp_path):
    out = run(tmp_path, "import fakedep\nfrom fakedep import note\n\ndef use():\n    note(1)\n    return fakedep.VERSION, fakedep.Pool\n", """
        pkg = import_without("fakepkg", functions={"fakedep": ("note",)})
        print("fakedep" in sys.modules, pkg.use(), "fakedep" in sys.modules)
        """)
    assert out.split() == ["False", "(2,", "<class", "'fakedep.Pool'>)", "True"]


HTMLDATE = """\
import http.server, sys, threading, warnings
from cleaners import deferred
from cleaners.html.htmldate_tree import import_htmldate
deferred.own_process()
import_htmldate()
from htmldate import find_date
import htmldate.utils
print("urllib3" in sys.modules, "dateutil.tz" in sys.modules, "charset_normalizer" in sys.modules)
page = '<html><head><meta property="article:published_time" content="2021-03-04"></head><body><p>x</p></body></html>'
print(find_date(page), "urllib3" in sys.modules)
import dateutil.parser
print(dateutil.parser.parse("2021-03-04 10:00 +0800").utcoffset().seconds, "dateutil.tz" in sys.modules)

class Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page.encode())

    def log_message(self, *args):
        pass

server = http.server.HTTPServer(("127.0.0.1", 0), Page)
threading.Thread(target=server.serve_forever, daemon=True).start()
print(htmldate.utils.fetch_url(f"http://127.0.0.1:{server.server_address[1]}/") == page)
import urllib3
print(type(htmldate.utils.HTTP_POOL).__name__, htmldate.utils.HTTP_POOL.connection_pool_kw["retries"].total,
      any(f[0] == "ignore" and f[2] is urllib3.exceptions.InsecureRequestWarning for f in warnings.filters))
server.shutdown()
print("charset_normalizer" in sys.modules, htmldate.utils.detect_encoding("Grüße".encode("cp1252"))[:1] != [],
      "charset_normalizer" in sys.modules)
"""


def test_htmldate_reads_dates_without_urllib3_and_still_fetches_with_it():
    """urllib3 is imported only when htmldate fetches a page, with the retry policy and the warning filter its
    import would have set; dateutil.tz when a date has a time zone; charset_normalizer when htmldate guesses the
    encoding of bytes."""
    proc = subprocess.run([sys.executable, "-c", HTMLDATE], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "False", "False", "2021-03-04", "False", "28800", "True", "True",
                                   "PoolManager", "3", "True", "False", "True", "True"]


def test_a_library_caller_imports_htmldate_the_ordinary_way():
    """Outside the CLI's processes another program's code may look at htmldate's pool or import urllib3 from a
    thread: nothing is deferred there."""
    script = "import sys\nfrom cleaners.html.htmldate_tree import import_htmldate\nimport_htmldate()\nprint('urllib3' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert proc.stdout.split() == ["True"], proc.stderr


def _cli_run(tmp_path, call: str) -> list[str]:
    """`call` on a page whose date htmldate reads, in a fresh interpreter: its exit code, and whether htmldate and
    urllib3 were imported."""
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>科技创新推动区域经济高质量发展</title></head><body><h1>科技创新推动区域经济高质量发展</h1>"
                    + "<p>" + "本市科技创新平台建设取得新进展，多家企业获得资助。" * 12 + "</p></body></html>", encoding="utf-8")
    args = f"['clean', {str(page)!r}, '-o', {str(tmp_path / 'out.jsonl')!r}, '-q']"
    script = (f"import sys\nfrom cleaners.cli import main\n{call.format(args=args)}\n"
              "print(rc, 'htmldate' in sys.modules, 'urllib3' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


def test_the_cli_reads_dates_without_urllib3(tmp_path):
    assert _cli_run(tmp_path, "sys.argv[1:] = {args}\nrc = main()") == ["0", "True", "False"]


def test_the_cli_called_from_another_program_imports_htmldate_the_ordinary_way(tmp_path):
    """main(argv) is a call from someone else's code, whose process is not ours alone."""
    assert _cli_run(tmp_path, "rc = main({args})") == ["0", "True", "True"]
