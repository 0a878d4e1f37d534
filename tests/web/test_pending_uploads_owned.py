"""A pending upload is its uploader's alone: the token is in addresses, so it is no key. Issue 19: a second
manager with the token previewed someone's upload (the event "Confidential HR case review" showed) and
confirmed it. Now every step answers "not found" to anyone but the uploader, administrators included."""

from __future__ import annotations

from tests.web.test_jobs import TASKING, imports
from tests.web.test_pages import _upload, text
from tests.web_fixtures import PASSWORD, sign_in
from tracker import db
from tracker.store.users import create_user

CONFIDENTIAL = TASKING.replace(b"Community safety tasking", b"Confidential HR case review")
OWNER = {"owner-000-bob.ics": "bob@nhs.net"}


def second_manager(web_app):
    """Another manager of the NHS Trust: a colleague who may review Bob's calendar once it is imported, but
    not see or confirm an upload of it that is not theirs."""
    with web_app.app_context():
        with db.transaction() as session:
            create_user(session, "other.manager@example.gov.uk", "manager", PASSWORD, organisation="NHS Trust")
    client = web_app.test_client()
    response = client.post("/login", data={"email": "other.manager@example.gov.uk", "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_another_manager_cannot_see_preview_or_confirm_an_upload(web_app, as_role, nhs_manager):
    manager, other, admin = nhs_manager, second_manager(web_app), as_role("admin")  # Bob's calendar: NHS Trust
    token = _upload(manager, "bob.ics", CONFIDENTIAL).headers["Location"].rsplit("/", 1)[-1]
    for stranger in (other, admin):
        assert stranger.get(f"/upload/{token}").status_code == 404  # the owners page
        preview = stranger.post(f"/upload/{token}", data=OWNER)  # the preview
        assert preview.status_code == 404 and "Confidential HR case review" not in text(preview)
    assert "Confidential HR case review" in text(manager.post(f"/upload/{token}", data=OWNER))  # the uploader's
    before = imports(web_app)
    for stranger in (other, admin):
        assert stranger.post(f"/upload/{token}/confirm").status_code == 404
    assert imports(web_app) == before  # nothing imported by a stranger's confirm
    confirmed = manager.post(f"/upload/{token}/confirm")
    job_page = confirmed.headers["Location"]
    assert "/jobs/" in job_page and imports(web_app) == before + 1
    for stranger in (other, admin):
        assert stranger.get(job_page).status_code == 404  # the job page too
    assert manager.get(job_page).status_code == 302  # done: on to what it imported
    result = manager.get(job_page).headers["Location"]
    assert other.get(result).status_code == 404  # another manager's result: not theirs to read
    assert manager.get(result).status_code == 200 and admin.get(result).status_code == 200  # imported: admins see


def test_an_expired_upload_still_says_so_to_its_uploader(web_app, as_role):
    manager = sign_in(web_app.test_client(), "manager")
    gone = manager.post("/upload/" + "0" * 24 + "/confirm", follow_redirects=True)
    assert "That upload has expired or was already imported" in text(gone)
