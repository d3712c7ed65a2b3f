"""The message templates (crm/messages): every kind renders in every language, HTML escapes what it is given,
SMS fit their segments, and an organisation's own template is sandboxed and checked before it is saved."""

import pytest

from crm import messages
from crm.messages import KINDS, LANGUAGES, SAMPLE_VALUES, Brand, Look, language_for, sms_segments
from crm.services.branding import InvalidSetting, check_template

DEMO = Look(Brand("Demo Organisation"))
LONGEST = Look(Brand("B" * messages.MAX_BRAND_NAME))  # the longest brand name an operator may set


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_renders_all_its_parts_in_every_language(kind, language):
    mail = messages.render_email(kind, language, SAMPLE_VALUES[kind], DEMO)
    assert mail.subject and "\n" not in mail.subject and mail.text.strip()
    assert mail.html.startswith("<!doctype html>") and f'lang="{messages.HTML_LANG[language]}"' in mail.html
    assert "Demo Organisation" in mail.html
    for value in SAMPLE_VALUES[kind].values():  # what the message is about is in both parts
        if isinstance(value, str) and kind != "PRINTOUT":
            assert value in mail.text and value.replace("&", "&amp;") in mail.html, (kind, value)
    assert "POST /" not in mail.text and "change_password" not in mail.text  # never "call the API"


def test_greek_and_english_differ_and_gre_is_greek():
    english = messages.render_email("PASSWORD_RESET", "ENG", SAMPLE_VALUES["PASSWORD_RESET"], DEMO)
    greek = messages.render_email("PASSWORD_RESET", language_for("GRE"), SAMPLE_VALUES["PASSWORD_RESET"], DEMO)
    assert "Reset your Demo Organisation password" == english.subject
    assert "κωδικού" in greek.subject and "κωδικό" in greek.text
    assert language_for("ELL") == language_for("gre") == "ELL"
    assert language_for(None, "GRE") == "ELL" and language_for("FRA", None) == "ENG" and language_for() == "ENG"
    assert language_for("ENG", "ELL") == "ENG"  # the contact's language before the organisation's


def test_html_escapes_what_it_is_given_and_text_keeps_it():
    values = {**SAMPLE_VALUES["APPROVAL_REQUEST"], "what": 'order <script>alert("x")</script>'}
    look = Look(Brand('Acme <b>"Shop"</b>'))
    mail = messages.render_email("APPROVAL_REQUEST", "ENG", values, look)
    assert "<script>" not in mail.html and "&lt;script&gt;" in mail.html and "<b>" not in mail.html
    assert '<script>alert("x")</script>' in mail.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sms_fits_its_segments(language):
    """English stays in one GSM-7 segment even with the longest brand name; Greek needs UCS-2 (70 per segment):
    one segment with the demo brand, two at most with the longest."""
    for kind, parts in KINDS.items():
        if "sms" not in parts:
            continue
        demo = sms_segments(messages.render_sms(kind, language, SAMPLE_VALUES[kind], DEMO))
        longest = sms_segments(messages.render_sms(kind, language, SAMPLE_VALUES[kind], LONGEST))
        print(f"{kind} {language}: demo {demo}, longest brand {longest}")
        if language == "ENG":
            assert demo.encoding == longest.encoding == "GSM-7" and longest.count == 1, (kind, longest)
        else:
            assert demo.encoding == "UCS-2" and demo.count == 1 and longest.count <= 2, (kind, longest)


def test_segment_counts():
    assert sms_segments("a" * 160) == messages.Segments("GSM-7", 160, 1)
    assert sms_segments("a" * 161).count == 2 and sms_segments("€" * 80).units == 160
    assert sms_segments("α" * 70) == messages.Segments("UCS-2", 70, 1) and sms_segments("α" * 71).count == 2


def test_an_organisations_template_is_sandboxed_and_checked():
    brand = Brand("Acme")
    rendered = check_template("OTP", "ENG", "sms", "{{ brand.name }} code {{ code }}", brand)
    assert rendered == "Acme code 123456"
    refusals = {
        "escape the sandbox": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "unknown value": "{{ nothing_like_this }}",
        "syntax": "{% if %}",
        "http link": '<a href="http://evil.example">x</a>{{ code }}',
        "javascript link": '<a href="javascript:alert(1)">x</a>',
        "too large": "x" * (16 * 1024 + 1),
    }
    for why, source in refusals.items():
        with pytest.raises(InvalidSetting):
            check_template("OTP", "ENG", "html", source, brand)
            pytest.fail(why)
    with pytest.raises(InvalidSetting):
        check_template("OTP", "FRA", "html", "x", brand)
    with pytest.raises(InvalidSetting):
        check_template("PRINTOUT", "ENG", "sms", "x", brand)  # a printout has no SMS
    # An override may use the shipped layout; its HTML is escaped as the shipped templates are.
    html = check_template(
        "OTP", "ENG", "html", '{% extends "layout.html" %}{% block content %}<p>{{ code }}</p>{% endblock %}', brand
    )
    assert "<p>123456</p>" in html and "Acme" in html


def test_landing_pages_in_both_languages():
    for page in messages.PAGES:
        english = messages.render_page(page, "ENG", Brand("Acme"))
        greek = messages.render_page(page, "ELL", Brand("Acme"))
        assert 'lang="en"' in english and 'lang="el"' in greek and "Acme" in english and english != greek
    assert "<form" in messages.render_page("email_link_open", "ENG", Brand("Acme"))
    assert "<form" not in messages.render_page("email_verified", "ENG", Brand("Acme"))
