"""Property tests: on arbitrary bytes or text the parser raises nothing but ParseError."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conclusions.parsing import ParseError, parse_document, parse_text

from .corpus import DEMO

FILENAMES = st.sampled_from(["a.txt", "a.md", "a.docx", "a.pdf", "a.doc", "a", "a.exe"])
DEMO_LINES = DEMO.read_text(encoding="utf-8").splitlines()
VIETNAMESE = st.text(
    alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậ-+•.,;:/()0123456789IVX \n")),
    max_size=400,
)


def _only_parse_errors(call) -> None:  # type: ignore[no-untyped-def]
    try:
        call()
    except ParseError as error:
        assert error.code and error.message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=2000), filename=FILENAMES)
def test_it_raises_only_parse_errors_on_arbitrary_bytes(data: bytes, filename: str) -> None:
    _only_parse_errors(lambda: parse_document(data, filename))


@settings(max_examples=60, deadline=None)
@given(text=st.one_of(st.text(max_size=500), VIETNAMESE))
def test_it_raises_only_parse_errors_on_arbitrary_text(text: str) -> None:
    _only_parse_errors(lambda: parse_text(text))


@settings(max_examples=40, deadline=None)
@given(lines=st.lists(st.sampled_from(DEMO_LINES), max_size=40), junk=st.text(max_size=40))
def test_it_raises_only_parse_errors_on_shuffled_conclusions(lines: list[str], junk: str) -> None:
    _only_parse_errors(lambda: parse_text("\n".join([*lines, junk])))


@settings(max_examples=25, deadline=None)
@given(cut=st.integers(min_value=0, max_value=20000), flip=st.integers(min_value=0, max_value=255))
def test_it_raises_only_parse_errors_on_damaged_docx(cut: int, flip: int) -> None:
    data = bytearray(_DOCX)
    if data:
        data[cut % len(data)] ^= flip
    _only_parse_errors(lambda: parse_document(bytes(data[: max(1, len(data) - cut // 4)]), "a.docx"))


_DOCX = b""


def setup_module() -> None:
    global _DOCX
    from tests.document_builders import docx_from_text

    _DOCX = docx_from_text("\n".join(DEMO_LINES[:30]))
