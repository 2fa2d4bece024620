"""Addresses typed in the text: a host renamed within the operator's registered domain is
M-address (legal-notes M4); an address moved to another registered domain is material,
also in the contact clause, with a reason that names both addresses.

Every text is our own (株式会社ミライテック)."""

from __future__ import annotations

import pytest
from test_classify import compare_bodies, minor_only, the_material

from policydiff.classify.addresses import registered_domain
from policydiff.rules import default_rules

HELP = "解約の手続は、ヘルプページ（{url}）をご確認ください。"
DESK = "本ポリシーに関するお問い合わせは、下記までご連絡ください。\nメール：{mail}"


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("help.mirai-tech.co.jp", "mirai-tech.co.jp"),
        ("www.mirai-tech.com", "mirai-tech.com"),
        ("mirai.github.io", "mirai.github.io"),  # a private suffix: each label is one owner
        ("help.mirai.example.jp", "mirai.example.jp"),  # documentation domains (RFC 2606, JPRS)
        ("shop.mirai.example.co.jp", "mirai.example.co.jp"),
        ("192.0.2.1", "192.0.2.1"),
    ],
)
def test_registered_domain(host, domain):
    assert registered_domain(host, default_rules()) == domain


def test_host_renamed_within_the_registered_domain_is_minor():
    r = compare_bodies(
        3,
        HELP.format(url="https://help.mirai-tech.co.jp/cancel"),
        HELP.format(url="https://support.mirai-tech.co.jp/cancel"),
    )
    minor_only(r)
    assert {c.rule_ids for c in r.changes} == {("M-address",)}


@pytest.mark.parametrize(
    ("old_url", "new_url"),
    [
        ("https://help.mirai-tech.co.jp/cancel", "https://help.partner-desk.co.jp/cancel"),
        # a public hosting suffix: each label beneath it is another owner
        ("https://mirai.github.io/cancel", "https://mirai-partner.github.io/cancel"),
    ],
)
def test_host_on_another_registered_domain_is_material(old_url, new_url):
    c = the_material(compare_bodies(3, HELP.format(url=old_url), HELP.format(url=new_url)))
    assert "M-address" not in c.rule_ids
    assert any("ドメインの変更" in r for r in c.reasons), c.reasons


def test_contact_mail_to_another_domain_is_material_not_a_contact_desk_rename():
    c = the_material(
        compare_bodies(
            5,
            DESK.format(mail="info@mirai-tech.example.jp"),
            DESK.format(mail="privacy@mirai-holdings.example.jp"),
        )
    )
    assert "M-contact" not in c.rule_ids
    assert not c.review
    assert "contact" in c.categories
    assert any(
        "info@mirai-tech.example.jp" in r and "privacy@mirai-holdings" in r for r in c.reasons
    )
    assert c.new_text == "privacy@mirai-holdings"  # one change for the address, not its pieces


def test_contact_mailbox_renamed_at_the_same_domain_is_minor():
    r = compare_bodies(
        5,
        DESK.format(mail="info@mirai-tech.example.jp"),
        DESK.format(mail="privacy@mirai-tech.example.jp"),
    )
    minor_only(r)
