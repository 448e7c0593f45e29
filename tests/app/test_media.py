import pytest

from app.services.media import MediaRejected, media_path, save_media

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
OGG = b"OggS" + b"\x00" * 32


def test_image_stored_by_content_hash(tmp_path):
    a = save_media(tmp_path, PNG, expect="image")
    assert a.kind == "image" and a.mime_type == "image/png" and a.url.startswith("media/")
    assert media_path(tmp_path, a.url).read_bytes() == PNG
    assert save_media(tmp_path, PNG).url == a.url


def test_non_image_refused_when_image_expected(tmp_path):
    with pytest.raises(MediaRejected) as err:
        save_media(tmp_path, b"<html>not a photo</html>", expect="image")
    assert err.value.reason == "not_image"
    with pytest.raises(MediaRejected):
        save_media(tmp_path, OGG, expect="image")


def test_path_traversal_refused(tmp_path):
    with pytest.raises(MediaRejected):
        media_path(tmp_path, "media/../../etc/passwd")
