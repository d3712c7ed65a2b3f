"""Phone numbers as E.164 (+<country calling code><number>), the form SNS sends SMS to."""

from __future__ import annotations

import re

# ISO 3166-1 alpha-3 (the seed's `country_code`, e.g. "CYP") -> country calling code.
CALLING_CODES = {
    "ALB": "355",
    "AND": "376",
    "ARE": "971",
    "ARG": "54",
    "ARM": "374",
    "AUS": "61",
    "AUT": "43",
    "AZE": "994",
    "BEL": "32",
    "BGR": "359",
    "BHR": "973",
    "BIH": "387",
    "BLR": "375",
    "BRA": "55",
    "CAN": "1",
    "CHE": "41",
    "CHL": "56",
    "CHN": "86",
    "COL": "57",
    "CYP": "357",
    "CZE": "420",
    "DEU": "49",
    "DNK": "45",
    "DZA": "213",
    "EGY": "20",
    "ESP": "34",
    "EST": "372",
    "FIN": "358",
    "FRA": "33",
    "GBR": "44",
    "GEO": "995",
    "GHA": "233",
    "GRC": "30",
    "HKG": "852",
    "HRV": "385",
    "HUN": "36",
    "IDN": "62",
    "IND": "91",
    "IRL": "353",
    "ISL": "354",
    "ISR": "972",
    "ITA": "39",
    "JOR": "962",
    "JPN": "81",
    "KAZ": "7",
    "KEN": "254",
    "KOR": "82",
    "KWT": "965",
    "LBN": "961",
    "LIE": "423",
    "LTU": "370",
    "LUX": "352",
    "LVA": "371",
    "MAR": "212",
    "MDA": "373",
    "MEX": "52",
    "MKD": "389",
    "MLT": "356",
    "MNE": "382",
    "MYS": "60",
    "NGA": "234",
    "NLD": "31",
    "NOR": "47",
    "NZL": "64",
    "OMN": "968",
    "PAK": "92",
    "PHL": "63",
    "POL": "48",
    "PRT": "351",
    "QAT": "974",
    "ROU": "40",
    "RUS": "7",
    "SAU": "966",
    "SGP": "65",
    "SRB": "381",
    "SVK": "421",
    "SVN": "386",
    "SWE": "46",
    "THA": "66",
    "TUN": "216",
    "TUR": "90",
    "TWN": "886",
    "UKR": "380",
    "URY": "598",
    "USA": "1",
    "VNM": "84",
    "ZAF": "27",
}


class InvalidPhone(ValueError):
    pass


def calling_code(country_code: str) -> str:
    """ "CYP", "357" or "+357" -> "357"."""
    value = country_code.strip().upper()
    if value in CALLING_CODES:
        return CALLING_CODES[value]
    digits = value.removeprefix("+").removeprefix("00")
    if re.fullmatch(r"[1-9][0-9]{0,2}", digits):  # ASCII digits only: \d also matches other scripts' digits
        return digits
    raise InvalidPhone(f"unknown country code {country_code!r}: give an ISO 3166 alpha-3 code or the calling code")


def to_e164(phone_number: str, country_code: str | None) -> str:
    """A national number with its country code, or a number already in international form."""
    raw = re.sub(r"[\s\-().]", "", phone_number or "")
    if raw.startswith("+") or raw.startswith("00"):
        number = "+" + raw.lstrip("+").removeprefix("00") if raw.startswith("00") else raw
    else:
        if not country_code:
            raise InvalidPhone("country_code is required with a national phone number")
        number = "+" + calling_code(country_code) + raw.lstrip("0")
    # [0-9], not \d (which matches ٣ or ３ too): SNS and the identity keys need the one ASCII spelling.
    if not re.fullmatch(r"\+[1-9][0-9]{6,14}", number):
        raise InvalidPhone("not a valid phone number")
    return number


def obfuscate_phone(e164: str) -> str:
    """+35799123834 -> +35799***834 (as the seed shows)."""
    return e164[:6] + "***" + e164[-3:]


def obfuscate_email(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{local[:2]}***@{domain}"
