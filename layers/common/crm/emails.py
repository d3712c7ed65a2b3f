"""What the API takes as an e-mail address: one SES can send to. An ASCII local part of RFC 5322's atoms and a
domain of DNS labels (an international domain in its xn-- form); anything else would be refused by SES later,
after the contact was half-made, as a 502 instead of a 400 naming the field."""

EMAIL_PATTERN = (
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z0-9]$"
)
