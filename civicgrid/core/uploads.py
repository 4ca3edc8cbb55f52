"""Uploaded documents (application materials, attachments): checked by content (PDF, JPEG,
PNG), size-limited, stored only if the step that brought them commits.

Documents are kept byte for byte as sent (unlike event photos, which are re-encoded); the check
reads the file's content, never its name or the browser's claimed type.
"""

from __future__ import annotations

import hashlib
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from civicgrid.core.errors import ActionError

MAX_BYTES = settings.CIVICGRID_MATERIAL_MAX_BYTES
IMAGE_TYPES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    data: bytes
    content_type: str
    extension: str
    sha256: str


def check_file(upload: UploadedFile, material_name: str) -> CheckedFile:
    """The file's content if it is a PDF, JPEG or PNG within the size limit; ActionError naming
    the material (what the file is for) and the file otherwise."""
    name = (upload.name or "file")[:200]
    params = {"material": material_name, "name": name, "max": MAX_BYTES // 2**20}
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ActionError(
            _("%(material)s: “%(name)s” is larger than %(max)d MB.") % params,
            errors=[{"field": "materials", "message": name}],
        )
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ActionError(_("%(material)s: “%(name)s” is larger than %(max)d MB.") % params)
    if not data:
        raise ActionError(_("%(material)s: “%(name)s” is empty.") % params)
    content_type, extension = _sniff(data, upload)
    if not content_type:
        raise ActionError(
            _("%(material)s: “%(name)s” is not a PDF, JPEG or PNG file.") % params,
            errors=[{"field": "materials", "message": name}],
        )
    return CheckedFile(name, data, content_type, extension, hashlib.sha256(data).hexdigest())


def _sniff(data: bytes, upload: UploadedFile) -> tuple[str, str]:
    if data.startswith(b"%PDF-") and b"%%EOF" in data[-1024:]:
        return "application/pdf", "pdf"
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                kind = probe.format
                probe.verify()
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        return "", ""
    return IMAGE_TYPES.get(kind or "", ("", ""))


def store(checked: CheckedFile, folder: str, written: list[str]) -> str:
    """Write the file under a random name in ``folder`` (by month); the path is appended to
    ``written`` so that a caller whose transaction fails can remove it again (:func:`discard`)."""
    now = timezone.localtime()
    path = f"{folder}/{now:%Y/%m}/{uuid.uuid4().hex}.{checked.extension}"
    saved = default_storage.save(path, ContentFile(checked.data))
    written.append(saved)
    return saved


def discard(paths: list[str]) -> None:
    for path in paths:
        default_storage.delete(path)
