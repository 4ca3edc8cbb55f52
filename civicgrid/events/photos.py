"""Photos: checked by content (not by name), size-limited, re-encoded without metadata.

Re-encoding the pixels drops EXIF (GPS position, camera, time), XMP and PNG text chunks; the
orientation EXIF carried is applied to the pixels first so the photo still stands upright.
"""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from civicgrid.core.errors import ActionError

FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_BYTES = settings.CIVICGRID_PHOTO_MAX_BYTES
MAX_PIXELS = 50_000_000  # a 12 000 × 4 000 panorama; beyond that it is a decompression bomb
MAX_PHOTOS = 6
THUMBNAIL = (320, 320)


@dataclass(frozen=True)
class CleanPhoto:
    """A checked photo, ready to store: the re-encoded image and its thumbnail."""

    name: str
    data: bytes
    thumbnail: bytes
    content_type: str
    width: int
    height: int


def clean_photos(files: list[UploadedFile]) -> list[CleanPhoto]:
    """Check and re-encode every file; the first bad one raises ActionError naming it."""
    if len(files) > MAX_PHOTOS:
        raise ActionError(_("At most %(n)d photos per step.") % {"n": MAX_PHOTOS})
    return [clean_photo(f) for f in files]


def clean_photo(upload: UploadedFile) -> CleanPhoto:
    name = upload.name or "photo"
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ActionError(
            _("“%(name)s” is %(size).1f MB; a photo may be at most %(max)d MB.")
            % {"name": name, "size": upload.size / 2**20, "max": MAX_BYTES // 2**20}
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                kind = probe.format
                if kind not in FORMATS:
                    raise ActionError(_not_a_photo(name))
                if probe.width * probe.height > MAX_PIXELS:
                    raise ActionError(_("“%(name)s” has too many pixels.") % {"name": name})
                probe.verify()
            upload.seek(0)
            with Image.open(upload) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise ActionError(_not_a_photo(name)) from None
    return CleanPhoto(
        name=name,
        data=_encode(upright, kind),
        thumbnail=_encode(_thumbnail(upright), "JPEG"),
        content_type=FORMATS[kind],
        width=upright.width,
        height=upright.height,
    )


def _not_a_photo(name: str) -> str:
    return _("“%(name)s” is not a JPEG, PNG or WebP photo.") % {"name": name}


def _encode(image: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    if kind == "JPEG":
        image = image.convert("RGB") if image.mode not in ("RGB", "L") else image
        image.save(out, "JPEG", quality=85, optimize=True)
    elif kind == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=85)
    return out.getvalue()


def _thumbnail(image: Image.Image) -> Image.Image:
    thumb = image.copy()
    thumb.thumbnail(THUMBNAIL)
    if thumb.mode in ("RGBA", "LA", "P"):
        thumb = thumb.convert("RGBA")
        background = Image.new("RGB", thumb.size, "white")
        background.paste(thumb, mask=thumb.split()[-1])
        return background
    return thumb.convert("RGB")


def store(photo: CleanPhoto) -> tuple[str, str]:
    """Write the photo and its thumbnail; returns their storage names."""
    stem = f"events/{uuid.uuid4().hex}"
    ext = EXTENSIONS[next(k for k, v in FORMATS.items() if v == photo.content_type)]
    image = default_storage.save(f"{stem}.{ext}", ContentFile(photo.data))
    thumb = default_storage.save(f"{stem}.thumb.jpg", ContentFile(photo.thumbnail))
    return image, thumb


def discard(names: list[str]) -> None:
    """Remove files written for a step that did not commit."""
    for name in names:
        default_storage.delete(name)
