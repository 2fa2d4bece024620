"""policydiff.pipeline: morphemes only for what differs, kept by the text they come from.

The tokenizer calls are counted at the seam every stage reaches Sudachi through
(``policydiff.tokens.tokenize``), wrapping the real function: the tokens are Sudachi's own.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

import policydiff
from policydiff import pipeline, tokens
from policydiff.align import align
from policydiff.load import policy_from_text
from policydiff.parse import parse
from policydiff.units import document_units


@pytest.fixture
def tokenized(monkeypatch) -> list[str]:
    """The texts handed to the tokenizer, in order (the real tokenizer still runs)."""
    calls: list[str] = []
    real = tokens.tokenize

    def counting(text: str):
        calls.append(text)
        return real(text)

    monkeypatch.setattr(tokens, "tokenize", counting)
    return calls


def run_python(code: str) -> str:
    """The output of ``code`` run by a fresh interpreter (its modules are its own)."""
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8", timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def unit_texts(text: str) -> set[str]:
    return {u.text for u in document_units(parse(policy_from_text(text)))}


def test_identical_clauses_never_reach_the_tokenizer(tokenized, articles, make_doc):
    edited = list(articles)
    edited[6] = (edited[6][0], edited[6][1].replace("30日間", "90日間"))
    old, new = make_doc(articles), make_doc(edited)
    report = policydiff.compare(old, new)
    (change,) = report.changes
    assert (change.old_text, change.new_text) == ("30", "90")
    common = unit_texts(old) & unit_texts(new)
    assert len(common) >= 10
    assert not common & set(tokenized), "a clause the same on both sides was tokenized"
    # the changed clause, once per version, and nothing else
    assert sorted(tokenized) == sorted((unit_texts(old) | unit_texts(new)) - common)


def test_added_clause_alone_is_tokenized(tokenized, articles, make_doc):
    added = ("適用範囲", "本ポリシーは、当社が運営するすべてのウェブサイトに適用されます。")
    old, new = make_doc(articles), make_doc(articles[:3] + [added] + articles[3:])
    report = policydiff.compare(old, new)
    assert [p.status for p in report.pairs].count("added") == 1
    # the renumbered articles keep their texts: only the new article's words are needed
    assert tokenized == [t for t in unit_texts(new) if added[1] in t]


def edit(articles, k: int, suffix: str = "（改定）"):
    out = list(articles)
    out[k] = (out[k][0], out[k][1] + suffix)
    return out


def test_history_tokenizes_each_clause_text_once(tokenized, articles, make_doc):
    """Article 3 changes and changes back, article 6 changes: four versions, one memo."""
    v1 = edit(articles, 2)
    versions = [make_doc(a) for a in (articles, v1, edit(v1, 5), edit(articles, 5))]
    memo: dict = {}
    prepared = [
        pipeline.prepare(policy_from_text(v, f"v{n}"), memo=memo) for n, v in enumerate(versions)
    ]
    assert not tokenized, "preparing a version tokenizes nothing"
    for a, b in zip(prepared, prepared[1:], strict=False):
        assert len(pipeline.compare_prepared(a, b).changes) == 1
    # article 3 as first written (compared with v1, then again with v3), as changed; article 6
    # as first written and as changed
    assert len(tokenized) == 4
    assert len(set(tokenized)) == 4, "a clause text was tokenized twice"
    in_all = set.intersection(*(unit_texts(v) for v in versions))
    assert not in_all & set(tokenized)
    # the tokens of a version are its units' texts' tokens (computed on demand)
    assert prepared[1].tokens[3] == tuple(tokens.tokenize(prepared[1].units[3].text))


def test_a_title_shared_by_two_texts_still_matches_them_on_their_morphemes(articles, make_doc):
    """Step 1 keys a unit by its text only when no other text shares its title; a clause
    changed in its punctuation and spacing alone stays an exact match (same morphemes)."""
    edited = list(articles)
    edited[2] = (edited[2][0], edited[2][1].replace("、", " ", 1))
    ou = document_units(parse(policy_from_text(make_doc(articles))))
    nu = document_units(parse(policy_from_text(make_doc(edited))))
    result = align(ou, nu, lambda u: tokens.tokenize(u.text))
    (changed,) = [p for p in result.pairs if p.old.text != p.new.text]
    assert (changed.status, changed.how, changed.similarity) == ("modified", "exact", 1.0)


def test_same_text_in_other_bytes_never_loads_the_dictionary(tmp_path):
    """A BOM and CRLF newlines change the bytes, not the text: answered without Sudachi."""
    body = "プライバシーポリシー\n\n第1条（目的）\n当社は、個人情報を適切に取り扱います。\n"
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(body.encode("utf-8"))
    b.write_bytes(b"\xef\xbb\xbf" + body.replace("\n", "\r\n").encode("utf-8"))
    code = (
        "import sys\n"
        "from policydiff.cli import main\n"
        "try:\n"
        f"    rc = main(['compare', {str(a)!r}, {str(b)!r}, '--format', 'json'])\n"
        "except SystemExit as e:\n"
        "    rc = e.code\n"
        "print('RESULT', rc or 0, 'sudachipy' in sys.modules)\n"
    )
    out = run_python(code)
    assert '"verdict": "minor"' in out
    assert out.strip().splitlines()[-1] == "RESULT 0 False"


def test_a_markup_only_revision_never_loads_the_dictionary():
    """A link target and an emphasis changed, every clause's words the same: the changes are
    found and classified without a single morpheme."""
    code = (
        "import sys, policydiff\n"
        "old = ('# プライバシーポリシー\\n\\n## 第1条（目的）\\n\\n本ポリシーは、当社の'\n"
        "       '[サービス](https://example.com/a)における個人情報の取扱いを定めます。\\n\\n'\n"
        "       '## 第2条（利用目的）\\n\\n当社は、個人情報をサービスの提供のために利用します。\\n')\n"
        "new = old.replace('example.com/a', 'example.com/b').replace('サービスの提供', "
        "'**サービスの提供**')\n"
        "r = policydiff.compare(old, new)\n"
        "print('RESULT', r.verdict, *sorted(i for c in r.changes for i in c.rule_ids), "
        "'sudachipy' in sys.modules)\n"
    )
    last = run_python(code).strip().splitlines()[-1]
    assert last == "RESULT minor markup.emphasis markup.link_target False", last


UNTITLED = (
    "利用規約\n\n第一条\n本規約は、株式会社ミライテックのサービスに適用されます。\n\n"
    "第二条\nユーザーは、本規約に同意のうえサービスを利用します。\n\n"
    "第三条\n当社は、必要に応じて本規約を変更できます。\n"
)


def test_the_same_texts_in_the_same_order_are_aligned_without_morphemes():
    """Untitled clauses all share the title "", so each would need its bag; when both
    versions have the same texts in the same order, none does."""
    renumbered = UNTITLED.replace("第一条", "第1条").replace("第二条", "第2条")
    ou = document_units(parse(policy_from_text(UNTITLED)))
    nu = document_units(parse(policy_from_text(renumbered)))
    assert sum(not u.clause.title for u in ou) == 3

    def no_tokens(u):
        raise AssertionError(f"tokens asked for {u.text!r}")

    result = align(ou, nu, no_tokens)
    assert [(p.status, p.how) for p in result.pairs] == [("same", "exact")] * len(ou)
    # a text changed among them: the untitled clauses are keyed by their morphemes again
    edited = renumbered.replace("変更できます", "変更することができます")
    asked = []
    align(ou, document_units(parse(policy_from_text(edited))), lambda u: asked.append(u) or [])
    assert len(asked) >= 2


def test_a_renumbering_of_untitled_clauses_never_loads_the_dictionary():
    code = (
        "import sys, policydiff\n"
        f"old = {UNTITLED!r}\n"
        "new = old.replace('第一条', '第1条').replace('第二条', '第2条').replace('第三条', '第3条')\n"
        "r = policydiff.compare(old, new)\n"
        "print('RESULT', [p.status for p in r.pairs].count('same'), 'sudachipy' in sys.modules)\n"
    )
    assert run_python(code).strip().splitlines()[-1] == "RESULT 4 False"
