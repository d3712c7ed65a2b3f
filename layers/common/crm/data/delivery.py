"""Mail through SES and SMS through SNS. A failure of either raises DeliveryFailed (the API answers 502)."""

from __future__ import annotations

from dataclasses import dataclass
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr
from functools import cache

from crm.settings import mail_from


class DeliveryFailed(Exception):
    """SES or SNS refused or could not be reached."""


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mime: str = "application/pdf"


@cache
def _ses():
    from crm.data.base import aws_client

    return aws_client("ses")


@cache
def _sns():
    from crm.data.base import aws_client

    return aws_client("sns")


def _errors():
    from botocore.exceptions import BotoCoreError, ClientError

    return (BotoCoreError, ClientError)


def send_email(
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    attachments: tuple[Attachment, ...] = (),
    sender_name: str | None = None,
) -> str:
    """Sends one e-mail (from `sender_name` <MailFrom> when named); answers SES's message id. With an HTML part it
    goes as one raw MIME message, multipart/alternative, so that every reader (and the local outbox) has both."""
    source = formataddr((sender_name, mail_from())) if sender_name else mail_from()
    try:
        if not attachments and not html:
            body = {"Text": {"Data": text, "Charset": "UTF-8"}}
            answer = _ses().send_email(
                Source=source,
                Destination={"ToAddresses": [to]},
                Message={"Subject": {"Data": subject, "Charset": "UTF-8"}, "Body": body},
            )
        else:
            message = MIMEMultipart("mixed")
            message["Subject"], message["From"], message["To"] = subject, source, to
            alternative = MIMEMultipart("alternative")
            alternative.attach(MIMEText(text, "plain", "utf-8"))
            if html:
                alternative.attach(MIMEText(html, "html", "utf-8"))
            message.attach(alternative)
            for attachment in attachments:
                maintype, _, subtype = attachment.mime.partition("/")
                part = MIMEApplication(attachment.content, _subtype=subtype or "octet-stream")
                part.add_header("Content-Disposition", "attachment", filename=attachment.filename)
                message.attach(part)
            answer = _ses().send_raw_email(Source=source, Destinations=[to], RawMessage={"Data": message.as_bytes()})
    except _errors() as exc:
        raise DeliveryFailed(f"e-mail not sent: {type(exc).__name__}") from exc
    return answer["MessageId"]


def send_sms(phone_number: str, text: str) -> str:
    """Sends one transactional SMS to an E.164 number; answers SNS's message id."""
    try:
        answer = _sns().publish(
            PhoneNumber=phone_number,
            Message=text,
            MessageAttributes={"AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}},
        )
    except _errors() as exc:
        raise DeliveryFailed(f"SMS not sent: {type(exc).__name__}") from exc
    return answer["MessageId"]
