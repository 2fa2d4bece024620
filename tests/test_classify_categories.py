"""Categories that follow general rules of the tables: a foreign country named in a change
is a transfer abroad, wherever it stands.

Every text is our own (株式会社ミライテック)."""

from __future__ import annotations

from test_classify import PRIVACY, build, compare_docs, the_material

OUTSOURCING = "当社は、サーバーの運用業務を国内の事業者に委託しています。"


def _outsourcing(new_body: str):
    """The one material change when the processor clause (第5条（委託）) becomes new_body."""
    arts = [*PRIVACY[:4], ("委託", OUTSOURCING), PRIVACY[4]]
    new = [*PRIVACY[:4], ("委託", new_body), PRIVACY[4]]
    return the_material(compare_docs(build(arts), build(new)))


def test_a_foreign_country_added_in_a_processor_clause_is_a_transfer_abroad():
    # the added words also carry cues of the contact desk (お問い合わせ, 窓口, 電話): the country still counts
    c = _outsourcing(
        OUTSOURCING.replace(
            "国内の事業者に",
            "国内の事業者に、お問い合わせ窓口の電話受付業務をベトナム社会主義共和国所在の事業者に",
        )
    )
    assert "foreign_transfer" in c.categories, c.categories
    assert any("第28条" in x for x in c.legal_refs)


def test_a_domestic_processor_added_is_no_transfer_abroad():
    c = _outsourcing(
        OUTSOURCING.replace(
            "国内の事業者に", "国内の事業者に、お問い合わせ窓口の電話受付業務を日本国内の事業者に"
        )
    )
    assert "foreign_transfer" not in c.categories, c.categories
    assert "M-contact" not in c.rule_ids  # a processor added, not a desk renamed
