"""The notice as an email: a multipart/alternative .eml, and delivery over SMTP (smtplib)."""

from __future__ import annotations

import os
import smtplib
import ssl
import unicodedata
from email.message import EmailMessage
from email.utils import formataddr, formatdate, getaddresses, make_msgid, parseaddr

from ..errors import PolicydiffError

UNDISCLOSED = "undisclosed-recipients:;"
PLACEHOLDER_ADDRESS = "notice@example.invalid"  # RFC 2606: visibly not a real sender


class MailError(PolicydiffError):
    """The SMTP server could not be reached, refused TLS or the login, or rejected the message."""


def check_address(value: str, where: str, *, placeholder: str = "") -> None:
    """Refuse a header value that is not exactly one address: a CR or LF would add a header
    (``b@x\r\nBcc: v@x``), and the email parser quietly keeps only the first of several
    addresses or of an address with trailing words — a notice must go where the user said."""
    if placeholder and value == placeholder:
        return  # the visible 【送信元】 of an unset sender
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in value):
        raise MailError(f"{where}: invalid address {value!r}: it contains control characters")
    pairs = getaddresses([value])
    addr = pairs[0][1] if len(pairs) == 1 else ""
    local, _, domain = addr.partition("@")
    if not local or not domain or "@" in domain or any(c.isspace() for c in addr):
        raise MailError(f"{where}: invalid address {value!r}: expected exactly one address")


def _address(value: str, display: str = "") -> str:
    name, addr = parseaddr(value)
    if "@" not in addr:
        return formataddr((value, PLACEHOLDER_ADDRESS))  # the placeholder stays visible
    return formataddr((name or display, addr))


def build_message(subject: str, text: str, html: str, *, sender: str, to: list[str],
                  company: str = "") -> EmailMessage:  # fmt: skip
    msg = EmailMessage()
    for header, value in (("Subject", subject), ("From", company)):
        if any(unicodedata.category(c) == "Cc" for c in value):
            what = "the subject" if header == "Subject" else "notice.company"
            raise MailError(
                f"invalid {header} header: {what} {value!r} contains control characters"
            )
    msg["Subject"] = subject
    msg["From"] = _address(sender, company)
    msg["To"] = ", ".join(_address(t) for t in to) if to else UNDISCLOSED
    msg["Date"] = formatdate(localtime=True)
    domain = parseaddr(msg["From"])[1].rpartition("@")[2] or "policydiff.invalid"
    msg["Message-ID"] = make_msgid(domain=domain)
    msg["MIME-Version"] = "1.0"
    msg.set_content(text, subtype="plain", charset="utf-8", cte="base64")
    msg.add_alternative(html, subtype="html", charset="utf-8", cte="base64")
    return msg


def password_from_env(var: str | None) -> str | None:
    if not var:
        return None
    value = os.environ.get(var)
    if value is None:
        raise MailError(f"--smtp-password-env {var}: the environment variable is not set")
    return value


def send(msg: EmailMessage, *, host: str, port: int | None, starttls: bool = False,
         user: str | None = None, password: str | None = None, timeout: float = 30) -> str:  # fmt: skip
    """Deliver ``msg``; returns where it went. Every failure is one MailError line."""
    port = port or (587 if starttls else 25)
    where = f"{host}:{port}"
    try:
        with smtplib.SMTP(host, port, timeout=timeout) as smtp:
            if starttls:
                smtp.starttls(context=ssl.create_default_context())
            if user:
                smtp.login(user, password or "")
            smtp.send_message(msg)
    except smtplib.SMTPAuthenticationError as exc:
        raise MailError(
            f"SMTP authentication as {user!r} failed at {where} ({exc.smtp_code})"
        ) from None
    except smtplib.SMTPNotSupportedError as exc:
        what = (
            "STARTTLS" if starttls and "STARTTLS" in str(exc).upper() else "the requested extension"
        )
        raise MailError(f"SMTP server {where} does not support {what}: {_one(exc)}") from None
    except ssl.SSLError as exc:
        raise MailError(f"TLS with {where} failed: {_one(exc)}") from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise MailError(
            f"SMTP server {where} refused the recipients {', '.join(exc.recipients)}"
        ) from None
    except smtplib.SMTPResponseException as exc:
        answer = (
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else exc.smtp_error
        )
        raise MailError(
            f"SMTP server {where} answered {exc.smtp_code} {_one(Exception(answer))}"
        ) from None
    except smtplib.SMTPException as exc:
        raise MailError(f"SMTP error at {where}: {_one(exc)}") from None
    except UnicodeEncodeError:
        raise MailError(
            f"SMTP login at {where}: the user name and password must be ASCII"
        ) from None
    except OSError as exc:
        raise MailError(
            f"cannot connect to SMTP server {where}: {exc.strerror or _one(exc)}"
        ) from None
    return where


def _one(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return " ".join(text.split())
