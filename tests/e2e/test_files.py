"""Files over HTTP through the local runtime: both upload forms, the check after landing (S3 -> SQS -> function),
image variants, downloads, deletes, and another contact's file."""

import io
import time

import pytest
import requests
from PIL import Image

from tests.e2e.test_slice import crm_error, register

WAIT_SECONDS = 30


def png_bytes(width, height, color=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(width, height):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 240)).save(buffer, "JPEG")
    return buffer.getvalue()


def new_contact(api):
    response = register(api, api.test_key)
    assert response.status_code == 200, response.text
    body = response.json()
    return {"id": body["contact"]["id"], "headers": {"Authorization": f"Bearer {body['access_token']}"}}


@pytest.fixture(scope="module")
def owner(local_api):
    return new_contact(local_api)


def wait_until_checked(api, headers, file_id):
    """The file once the check after landing has run (its state leaves PENDING)."""
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        response = requests.get(f"{api.base_url}/files/{file_id}", headers=headers, timeout=30)
        assert response.status_code == 200, response.text
        if response.json()["state"] != "PENDING" or time.monotonic() > deadline:
            return response.json()
        time.sleep(0.2)


def upload_form(api, headers, name, content, mime, **fields):
    return requests.post(
        f"{api.base_url}/upload/files", headers=headers, files={"file": (name, content, mime)}, data=fields, timeout=60
    )


def presigned_upload(api, headers, name, content, mime, declared_size=None):
    response = requests.post(
        f"{api.base_url}/upload/files",
        headers=headers,
        timeout=30,
        json={"file_name": name, "mime": mime, "size": declared_size or len(content)},
    )
    assert response.status_code == 200, response.text
    answer = response.json()
    assert set(answer) == {"id", "upload"} and answer["upload"]["url"].startswith("http")
    posted = requests.post(
        answer["upload"]["url"], data=answer["upload"]["fields"], files={"file": (name, content, mime)}, timeout=60
    )
    assert posted.status_code in (200, 201, 204), posted.text
    return answer["id"]


def test_multipart_upload_of_an_image_gives_variants_never_enlarged_and_the_same_bytes(local_api, owner):
    content = png_bytes(700, 350)
    response = upload_form(local_api, owner["headers"], "photo.png", content, "image/png")
    assert response.status_code == 200, response.text
    file_id = response.json()["id"]
    assert set(response.json()) == {"id"}

    got = wait_until_checked(local_api, owner["headers"], file_id)
    assert got["state"] == "READY" and got["mime"] == "image/png" and got["name"] == "photo.png"
    assert got["size"] == len(content) and (got["width"], got["height"]) == (700, 350)
    # 1024 would enlarge a 700 px image: only 256 and 512 exist, at their real widths
    assert [v["width"] for v in got["variants"]] == [256, 512]
    for variant in got["variants"]:
        image = Image.open(io.BytesIO(requests.get(variant["url"], timeout=30).content))
        assert image.format == "PNG" and image.size == (variant["width"], variant["width"] // 2)
    assert got["srcset"] == ", ".join([f"{v['url']} {v['width']}w" for v in got["variants"]] + [f"{got['url']} 700w"])
    download = requests.get(got["url"], timeout=30)
    assert download.status_code == 200 and download.content == content


def test_presigned_upload_lands_is_checked_and_downloads_the_same_bytes(local_api, owner):
    content = jpeg_bytes(1500, 1000)
    file_id = presigned_upload(local_api, owner["headers"], "big.jpg", content, "image/jpeg")
    got = wait_until_checked(local_api, owner["headers"], file_id)
    assert got["state"] == "READY", got
    assert [v["width"] for v in got["variants"]] == [256, 512, 1024]
    assert Image.open(io.BytesIO(requests.get(got["variants"][2]["url"], timeout=30).content)).size == (1024, 683)
    assert requests.get(got["url"], timeout=30).content == content


def test_a_file_whose_bytes_are_not_its_declared_type_is_rejected_and_deleted(local_api, owner):
    # in the request: refused at once, nothing stored
    refused = upload_form(local_api, owner["headers"], "fake.png", b"MZ\x90\x00 not a png at all", "image/png")
    assert crm_error(refused, 400)["parameters"] == ["file", "image/png"]
    # straight to S3: the check after landing reads the real first bytes
    file_id = presigned_upload(local_api, owner["headers"], "fake.pdf", b"<html>not a pdf</html>", "application/pdf")
    got = wait_until_checked(local_api, owner["headers"], file_id)
    assert got["state"] == "REJECTED" and "application/pdf" in got["reason"]
    assert got["url"] is None and got["variants"] == []


def test_a_file_larger_than_declared_is_rejected_after_landing(local_api, owner):
    # moto does not enforce the policy's content-length-range: the check does
    file_id = presigned_upload(local_api, owner["headers"], "notes.txt", b"x" * 20, "text/plain", declared_size=10)
    got = wait_until_checked(local_api, owner["headers"], file_id)
    assert got["state"] == "REJECTED" and "too large" in got["reason"]


def test_too_large_and_unknown_types_are_refused_in_the_request(local_api, owner):
    too_big = requests.post(
        f"{local_api.base_url}/upload/files",
        headers=owner["headers"],
        timeout=30,
        json={"file_name": "a.pdf", "mime": "application/pdf", "size": 25 * 1024 * 1024 + 1},
    )
    assert crm_error(too_big, 413)["parameters"][0] == "size"
    form_too_big = upload_form(local_api, owner["headers"], "a.txt", b"a" * (5 * 1024 * 1024 + 1), "text/plain")
    assert crm_error(form_too_big, 413)["parameters"][0] == "file"
    unknown = requests.post(
        f"{local_api.base_url}/upload/files",
        headers=owner["headers"],
        timeout=30,
        json={"file_name": "a.exe", "mime": "application/x-msdownload", "size": 10},
    )
    assert crm_error(unknown, 400)["parameters"][0] == "mime"
    missing = requests.post(
        f"{local_api.base_url}/upload/files", headers=owner["headers"], timeout=30, json={"file_name": "a.txt"}
    )
    assert "mime" in crm_error(missing, 400)["parameters"]


def test_delete_removes_the_file_and_its_variants_and_a_second_delete_is_404(local_api, owner):
    file_id = upload_form(local_api, owner["headers"], "p.png", png_bytes(600, 300), "image/png").json()["id"]
    got = wait_until_checked(local_api, owner["headers"], file_id)
    urls = [got["url"]] + [v["url"] for v in got["variants"]]
    assert all(requests.get(url, timeout=30).status_code == 200 for url in urls)

    deleted = requests.delete(f"{local_api.base_url}/files/{file_id}", headers=owner["headers"], timeout=30)
    assert deleted.status_code == 200 and deleted.json() == {"id": file_id}
    # gone: S3 answers 403 or 404 for a missing key, depending on whether the signer may list the bucket
    assert all(requests.get(url, timeout=30).status_code in (403, 404) for url in urls)
    crm_error(requests.get(f"{local_api.base_url}/files/{file_id}", headers=owner["headers"], timeout=30), 404)
    again = requests.delete(f"{local_api.base_url}/files/{file_id}", headers=owner["headers"], timeout=30)
    assert crm_error(again, 404)["parameters"] == ["file", file_id]


def test_delete_through_a_service_request_only_for_a_file_attached_to_it(local_api, owner):
    file_id = upload_form(
        local_api, owner["headers"], "r.txt", b"receipt", "text/plain", service_request_id="sr-1"
    ).json()["id"]
    assert wait_until_checked(local_api, owner["headers"], file_id)["service_request_id"] == "sr-1"
    other = requests.delete(
        f"{local_api.base_url}/service_requests/sr-2/files/{file_id}", headers=owner["headers"], timeout=30
    )
    crm_error(other, 404)
    deleted = requests.delete(
        f"{local_api.base_url}/service_requests/sr-1/files/{file_id}", headers=owner["headers"], timeout=30
    )
    assert deleted.status_code == 200
    again = requests.delete(
        f"{local_api.base_url}/service_requests/sr-1/files/{file_id}", headers=owner["headers"], timeout=30
    )
    crm_error(again, 404)


def test_another_contacts_file_is_not_found(local_api, owner):
    file_id = upload_form(local_api, owner["headers"], "mine.txt", b"private", "text/plain").json()["id"]
    stranger = new_contact(local_api)
    for method in ("GET", "DELETE"):
        answer = requests.request(
            method, f"{local_api.base_url}/files/{file_id}", headers=stranger["headers"], timeout=30
        )
        assert crm_error(answer, 404)["parameters"] == ["file", file_id]
    assert (
        requests.get(f"{local_api.base_url}/files/{file_id}", headers=owner["headers"], timeout=30).status_code == 200
    )
    no_token = requests.get(
        f"{local_api.base_url}/files/{file_id}", headers={"api_key": local_api.test_key}, timeout=30
    )
    assert no_token.status_code == 403


def checks_logged(api, file_id):
    return sum(1 for line in list(api.output) if "upload checked" in line and file_id in line)


def wait_for_checks(api, file_id, count):
    deadline = time.monotonic() + WAIT_SECONDS
    while checks_logged(api, file_id) < count:
        assert time.monotonic() < deadline, f"the upload check of {file_id} did not run {count} times"
        time.sleep(0.2)


def test_the_upload_form_cannot_replace_a_checked_file(local_api, owner):
    """The attack: the presigned form stays valid for 15 minutes; posting HTML to it again, after the check,
    replaced the checked PNG, which was then served as image/png from our bucket."""
    content = png_bytes(300, 200)
    response = requests.post(
        f"{local_api.base_url}/upload/files",
        headers=owner["headers"],
        timeout=30,
        json={"file_name": "me.png", "mime": "image/png", "size": len(content)},
    )
    form = response.json()
    file_id = form["id"]
    assert requests.post(
        form["upload"]["url"],
        data=form["upload"]["fields"],
        timeout=60,
        files={"file": ("me.png", content, "image/png")},
    ).status_code in (200, 201, 204)
    assert wait_until_checked(local_api, owner["headers"], file_id)["state"] == "READY"
    wait_for_checks(local_api, file_id, 1)

    html = b"<html><script>alert(document.cookie)</script></html>"
    again = requests.post(
        form["upload"]["url"], data=form["upload"]["fields"], timeout=60, files={"file": ("me.png", html, "image/png")}
    )
    if again.status_code in (200, 201, 204):  # moto takes it; then the check after landing must drop it
        wait_for_checks(local_api, file_id, 2)
    got = requests.get(f"{local_api.base_url}/files/{file_id}", headers=owner["headers"], timeout=30).json()
    assert got["state"] == "READY" and got["size"] == len(content)
    download = requests.get(got["url"], timeout=30)
    assert download.status_code == 200 and download.content == content
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["Content-Type"] == "image/png"
    for variant in got["variants"]:  # made by us from the checked bytes: shown inline
        answer = requests.get(variant["url"], timeout=30)
        assert answer.headers["Content-Type"] == "image/png"
        assert "attachment" not in answer.headers.get("Content-Disposition", "")


def test_a_checked_text_file_downloads_as_an_attachment_under_its_name(local_api, owner):
    file_id = upload_form(local_api, owner["headers"], "notes é.txt", b"<html>text</html>", "text/plain").json()["id"]
    got = wait_until_checked(local_api, owner["headers"], file_id)
    assert got["state"] == "READY"
    download = requests.get(got["url"], timeout=30)
    assert download.content == b"<html>text</html>" and download.headers["Content-Type"] == "text/plain"
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=UTF-8''notes%20%C3%A9.txt" in disposition
