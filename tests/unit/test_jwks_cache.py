"""The JWKS cache's lifetime rules, without a network: a fake fetch stands in for the provider."""

import pytest

from crm.data import providers
from crm.data.providers import HttpAnswer, JwksCache, _max_age


@pytest.mark.parametrize(
    "header, seconds",
    [
        ("public, max-age=20000, must-revalidate", 20000),
        ("max-age=5", 60),
        ("max-age=999999", 86400),
        ("", 3600),
        ("no-store", 3600),
    ],
)
def test_max_age_is_taken_within_bounds(header, seconds):
    assert _max_age(header) == seconds


def test_keys_are_reused_until_expiry_and_an_unknown_kid_refetches_at_most_once_a_minute(monkeypatch):
    clock, fetches = [0.0], []
    published = [{"kid": "a", "kty": "RSA"}]

    def fake_get_json(url, params=None):
        fetches.append(url)
        return HttpAnswer(200, {"keys": list(published)}, {"cache-control": "max-age=600"})

    monkeypatch.setattr(providers, "get_json", fake_get_json)
    cache = JwksCache(clock=lambda: clock[0])
    assert cache.key("u", "a")["kid"] == "a" and len(fetches) == 1
    assert cache.key("u", "a") and len(fetches) == 1
    published.append({"kid": "b", "kty": "RSA"})
    assert cache.key("u", "b") is None and len(fetches) == 1  # fetched under a minute ago
    clock[0] = 61
    assert cache.key("u", "b")["kid"] == "b" and len(fetches) == 2
    assert cache.key("u", "zzz") is None and len(fetches) == 2
    clock[0] = 61 + 600
    assert cache.key("u", "a") and len(fetches) == 3  # expired: fetched again


def test_a_jwks_that_is_not_one_is_an_unavailable_provider(monkeypatch):
    monkeypatch.setattr(providers, "get_json", lambda url, params=None: HttpAnswer(200, {"no": "keys"}, {}))
    with pytest.raises(providers.ProviderUnavailable):
        JwksCache().key("u", "a")
