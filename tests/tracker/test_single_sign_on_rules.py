"""The rules of single sign-on (tracker/domain/single_sign_on.py): the providers setting, and whom claims admit."""

from __future__ import annotations

import pytest

from tracker.domain.single_sign_on import NotAdmitted, ProviderSettingError, admit, providers_from

ENTRA = {
    "name": "police",
    "label": "Police (Entra ID)",
    "issuer": "https://login.microsoftonline.com/1b2c3d4e-0000-4000-8000-000000000001/v2.0",
    "client_id": "6f1e0000-0000-4000-8000-000000000002",
    "client_secret_env": "POLICE_OIDC_SECRET",
    "domains": {"police.example.uk": "Police"},
    "verified_claim": "xms_edov",
}


def test_a_provider_setting_reads_its_secret_and_derives_discovery():
    (police,) = providers_from([ENTRA], {"POLICE_OIDC_SECRET": "s3cret"})
    assert police.client_secret == "s3cret"
    assert police.discovery_url == ENTRA["issuer"] + "/.well-known/openid-configuration"
    assert "s3cret" not in repr(police)


@pytest.mark.parametrize(
    "change, says",
    [
        ({"client_secret_env": "UNSET_SECRET"}, "UNSET_SECRET is not set"),
        ({"issuer": "http://login.example.org"}, "must be an https:// address"),
        ({"domains": {"Police.Example.UK": "Police"}}, "not a lower-case email domain"),
        ({"domains": {"police.example.uk": ""}}, "or null for the host"),
        ({"name": "Police Force"}, "lower-case letters"),
        ({"client_id": ""}, "client_id missing"),
    ],
)
def test_a_provider_setting_that_cannot_work_is_refused_saying_why(change, says):
    with pytest.raises(ProviderSettingError, match=says):
        providers_from([{**ENTRA, **change}], {"POLICE_OIDC_SECRET": "s3cret"})


def test_two_providers_of_one_name_are_refused():
    with pytest.raises(ProviderSettingError, match="same name"):
        providers_from([ENTRA, ENTRA], {"POLICE_OIDC_SECRET": "s3cret"})


def test_claims_admit_a_verified_address_of_a_mapped_domain_to_its_organisation():
    (police,) = providers_from([ENTRA], {"POLICE_OIDC_SECRET": "s3cret"})
    admitted = admit(police, {"email": "PC.Jones@Police.example.uk", "xms_edov": True})
    assert (admitted.email, admitted.organisation) == ("pc.jones@police.example.uk", "Police")


@pytest.mark.parametrize(
    "claims, reason",
    [
        ({"email": "pc.jones@police.example.uk", "email_verified": True}, "email not verified"),  # Entra: xms_edov
        ({"email": "pc.jones@police.example.uk", "xms_edov": False}, "email not verified"),
        ({"email": "someone@council.example.uk", "xms_edov": True}, "domain not mapped"),
        ({"email": "pc.jones@sub.police.example.uk", "xms_edov": True}, "domain not mapped"),
        ({"xms_edov": True}, "no email"),
    ],
)
def test_claims_that_admit_nobody_say_why(claims, reason):
    (police,) = providers_from([ENTRA], {"POLICE_OIDC_SECRET": "s3cret"})
    with pytest.raises(NotAdmitted) as refusal:
        admit(police, claims)
    assert refusal.value.reason == reason
