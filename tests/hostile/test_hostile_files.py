"""Every broken or hostile file of the corpus, checked the way a user checks it (``main.py check
FILE --json`` in a child process): the refusal code, the Chinese message, the wall time, the
peak memory of the checking process, and the input left byte for byte as it was."""
from __future__ import annotations

import hashlib
import re
import socket
import sys
import threading

import pytest

from core import messages
from core.model import Refusal
from core.readers import limits, read
from tests.hostile import corpus
from tests.hostile.probe import run_check

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the memory probe reads /proc/self/status (Linux)")

CJK = re.compile(r"[\u4e00-\u9fff]")


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Listener:
    """A local TCP server that records any connection: a URL that must never be fetched."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/evil.dtd"

    def _accept(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self._stop = True
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "secret" / "passwd.txt"
    path.parent.mkdir()
    path.write_text(corpus.SECRET, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", corpus.CASES, ids=[c.name for c in corpus.CASES])
def test_hostile_file_is_handled_in_bounded_time_and_memory(case, tmp_path, secret, listener):
    folder = tmp_path / "in"
    folder.mkdir()
    path = corpus.make(case, folder, secret=secret, url=listener.url)
    before = sha256(path)
    listing = sorted(p.name for p in folder.iterdir())

    got = run_check(path)

    assert "Traceback" not in got.stderr, got.stderr[-2000:]
    assert got.outcome in case.codes, (got.outcome, got.message, got.stderr[-2000:])
    if got.status == "refused":
        assert got.returncode == 3
        assert CJK.search(got.message), got.message
        for word in case.words:
            assert word in got.message, (word, got.message)
    else:
        assert got.returncode in (0, 1)
    assert got.seconds < case.seconds, f"{got.seconds:.1f} s"
    assert got.peak_mb < case.megabytes, f"{got.peak_mb:.0f} MB"
    assert corpus.SECRET not in got.text
    assert listener.connections == 0
    assert sha256(path) == before                         # the input is never written
    assert sorted(p.name for p in folder.iterdir()) == listing    # nor anything beside it


# --- in-process: what the readers made of entities ---------------------------------------------

def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs()]
    parts += [c.text for t in doc.tables() for row in t.rows for c in row]
    return "\n".join(parts)


@pytest.mark.parametrize("make", [corpus.xxe_html, corpus.billion_laughs_html])
def test_html_entities_are_neither_expanded_nor_resolved(make, tmp_path, secret):
    path = make(tmp_path, secret) if make is corpus.xxe_html else make(tmp_path)
    text = all_text(read(str(path)))
    assert corpus.SECRET not in text
    assert "lollol" not in text
    assert "年度报告" in text                  # the rest of the page is read as usual


@pytest.mark.parametrize("make", [corpus.xxe_docx, corpus.xxe_xlsx])
def test_office_external_entities_are_refused_before_parsing(make, tmp_path, secret):
    path = make(tmp_path, secret)
    with pytest.raises(Refusal) as err:
        read(str(path))
    assert err.value.code == "corrupt" and err.value.message == messages.REFUSE_HOSTILE_XML


def test_limits_are_named_constants_with_their_messages():
    """The limits table of docs/robustness.md, as the code has it."""
    from core.readers import pdf_reader

    assert limits.MAX_FILE_BYTES == 100 * 1024 * 1024
    assert limits.MAX_INFLATED_BYTES == 200 * 1024 * 1024
    assert pdf_reader.MAX_PDF_PAGES == 300
    assert limits.MAX_MERGED_CELLS <= limits.MAX_TABLE_CELLS
    for text in (messages.REFUSE_TOO_LARGE, messages.REFUSE_INFLATED,
                 messages.REFUSE_TOO_MANY_PAGES, messages.REFUSE_TOO_MANY_PARTS,
                 messages.REFUSE_HOSTILE_XML):
        assert CJK.search(text)


def test_a_member_that_inflates_past_its_declared_size_is_read_in_bounded_chunks(tmp_path):
    """Regression (zip_bomb_lying_size): ZipFile.read inflated the whole stream before cutting
    it to the declared size; read_member stops at the declared size and the CRC fails."""
    import tracemalloc
    import zipfile

    path = corpus.zip_bomb_lying_size(tmp_path, megabytes=256)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("word/document.xml")
        assert info.file_size == 1024
        tracemalloc.start()
        with pytest.raises(zipfile.BadZipFile):
            limits.read_member(zf, info)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024


def test_ebcdic_is_told_apart_from_chinese_text_with_at_signs():
    from core.readers.text_reader import looks_ebcdic

    english = "ANNUAL REPORT 2023\nThe agency received 12 requests.\n" * 20
    assert looks_ebcdic(english.encode("cp500"))
    chinese = "联系邮箱：gongkai@example.gov.cn，电话：010-12345678。\n" * 40
    for encoding in ("gb18030", "utf-8"):
        assert not looks_ebcdic(chinese.encode(encoding))
    assert not looks_ebcdic(("@" * 200).encode("ascii") + b"\n")


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_pipe_or_a_device_is_refused_without_blocking(kind, tmp_path):
    import os
    import time

    if kind == "fifo":
        path = tmp_path / "管道.docx"
        os.mkfifo(path)                     # opening it for reading would wait for a writer
    else:
        path = tmp_path / "zero.txt"
        os.symlink("/dev/zero", path)       # reading it never ends
    started = time.perf_counter()
    with pytest.raises(Refusal) as err:
        read(str(path))
    assert time.perf_counter() - started < 2
    assert err.value.code == "unsupported" and messages.UNSUPPORTED_SPECIAL in err.value.message
