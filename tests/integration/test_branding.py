"""An organisation's own look of its messages (crm/services/branding.py), on moto in-process: what the operator
saves is what the next mail shows, in the contact's language, with the organisation's links."""

import email
import email.policy

import pytest
from moto.backends import get_backend

from crm.context import RequestContext
from crm.data.tenancy import change_test_recipients
from crm.services import branding, tenancy
from crm.services import identity as identities
from tests.mail import mail_html, mail_text, mail_to

PASSWORD = "password1234"


@pytest.fixture
def ctx(stack):
    organisation = tenancy.create_organisation("Brand Org")
    change_test_recipients(organisation.organisation_id, "*", allow=True)
    branding.forget_cached()
    return RequestContext(organisation_id=organisation.organisation_id, mode="test")


def last_mail_to(address):
    return [m for m in get_backend("ses")["123456789012"]["eu-west-1"].sent_messages if address in mail_to(m)][-1]


def test_the_operators_brand_language_and_reset_page_are_in_the_reset_mail(ctx):
    org = ctx.organisation_id
    branding.set_brand(
        org, "test", name="Acme Ltd", colour="#0a7d3b", logo_url="https://cdn.acme.test/logo.png",
        support_email="help@acme.test", sender_name="Acme Support", default_language="GRE",
    )  # fmt: skip
    pages = branding.set_page_links(org, "test", password_reset="https://acme.test/reset")
    assert pages["password_reset"] == "https://acme.test/reset" and pages["approval"].startswith("https://")
    identities.register_with_email_password(ctx, email="ann@example.com", password=PASSWORD, profile={})
    identities.forgot_password(ctx, username="ann@example.com")
    mail = last_mail_to("ann@example.com")
    text, html = mail_text(mail), mail_html(mail)
    assert "https://acme.test/reset?token=" in text and "Acme Ltd" in text and "κωδικ" in text  # Greek: org default
    assert 'src="https://cdn.acme.test/logo.png"' in html and "#0a7d3b" in html and "help@acme.test" in html
    sender = email.message_from_string(mail.raw_data, policy=email.policy.default)["From"]
    assert str(sender).startswith("Acme Support <")
    token = text.split("?token=")[1].split()[0]
    identities.change_password(token=token, password="a brand new secret")
    with pytest.raises(identities.InvalidLinkToken):  # single-use
        identities.change_password(token=token, password="another new secret")
    # The other mode keeps the defaults.
    assert branding.look_of(org, "live").brand.name == "Brand Org"


def test_the_contacts_language_comes_before_the_organisations(ctx):
    branding.set_brand(ctx.organisation_id, "test", default_language="ELL")
    identities.register_with_email_password(
        ctx, email="bob@example.com", password=PASSWORD, profile={"preferred_language_code": "ENG"}
    )
    identities.forgot_password(ctx, username="bob@example.com")
    assert "Someone asked to reset the password" in mail_text(last_mail_to("bob@example.com"))


def test_an_organisations_template_is_used_until_reset(ctx):
    org = ctx.organisation_id
    shown = branding.set_template(
        org, "test", "PASSWORD_RESET", "ENG", "text", "Reset at {{ link }} ({{ brand.name }})"
    )
    assert shown.startswith("Reset at https://portal.example.com/reset-password?token=SAMPLE-TOKEN")
    identities.register_with_email_password(ctx, email="cy@example.com", password=PASSWORD, profile={})
    identities.forgot_password(ctx, username="cy@example.com")
    assert mail_text(last_mail_to("cy@example.com")).startswith("Reset at http")
    branding.set_template(org, "test", "PASSWORD_RESET", "ENG", "text", None)
    identities.forgot_password(ctx, username="cy@example.com")
    assert "Someone asked to reset the password" in mail_text(last_mail_to("cy@example.com"))


def test_refused_settings_change_nothing(ctx):
    org = ctx.organisation_id
    for change in ({"logo_url": "http://acme.test/logo.png"}, {"colour": "green"}, {"name": "x" * 41}):
        with pytest.raises(branding.InvalidSetting):
            branding.set_brand(org, "test", **change)
    with pytest.raises(branding.InvalidSetting):
        branding.set_page_links(org, "test", password_reset="http://acme.test/reset")
    with pytest.raises(branding.InvalidSetting):
        branding.set_template(org, "test", "OTP", "ENG", "html", '<a href="http://x.test">{{ code }}</a>')
    with pytest.raises(branding.InvalidSetting):
        branding.set_brand("no-such-organisation", "test", name="Acme")
    look = branding.look_of(org, "test")
    assert look.brand == branding.Brand("Brand Org") and look.overrides == {}
