"""Monitoring an action (WASH FIT step 5): its dates, progress note, money spent and evidence photos.

Monitoring changes freely on a submitted or validated plan (it is not its scope). Every field
is checked, the whole change is written or nothing, and each changed field is audited. Photos
are opened with Pillow, bounded in bytes and pixels, and re-encoded by washfit (JPEG, or PNG
for an image with transparency), so what is stored and served is an image washfit wrote.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessments.audit import record_change
from assessments.errors import InvalidInput, NotFound, PermissionDenied, StaleVersion
from assessments.i18n.formats import format_rupiah
from assessments.models import PLAN_STATUSES, Facility, PlanAction, PlanActionPhoto, User, utc_now
from assessments.permissions import can_edit_plan

MAX_SPENT = 100_000_000_000  # Rp 100 miliar: far above any puskesmas action; more is a typing error
MAX_NOTE = 2000
MAX_PHOTO_BYTES = 5 * 2**20   # what an upload may weigh
MAX_PHOTO_PIXELS = 40_000_000  # what it may decode to (a 40-megapixel phone photo), against decompression bombs
MAX_PHOTOS = 5                 # per action
PHOTO_SIDE = 1600              # the longest side kept after re-encoding


@dataclass(frozen=True)
class Progress:
    """What a person records of an action's progress."""

    status: str
    started_on: dt.date | None
    completed_on: dt.date | None
    progress_note: str
    spent: int | None


_FIELDS = ("status", "started_on", "completed_on", "progress_note", "spent")


def _check(progress: Progress, today: dt.date) -> None:
    if progress.status not in PLAN_STATUSES:
        raise InvalidInput("%(status)s is not a plan status", status=progress.status)
    if progress.started_on and progress.completed_on and progress.completed_on < progress.started_on:
        raise InvalidInput("the completion date (%(completed)s) is before the start date (%(started)s)",
                           completed=progress.completed_on.isoformat(), started=progress.started_on.isoformat())
    for day in (progress.started_on, progress.completed_on):
        if day is not None and day > today:
            raise InvalidInput("%(day)s is in the future: record a start or completion when it happened",
                               day=day.isoformat())
    if progress.completed_on is not None and progress.status != "done":
        raise InvalidInput("a completion date belongs to a done action: set the status to done, or leave it empty")
    if progress.spent is not None and not 0 <= progress.spent <= MAX_SPENT:
        raise InvalidInput("money spent must be between Rp 0 and %(limit)s", limit=format_rupiah(MAX_SPENT))
    if len(progress.progress_note) > MAX_NOTE:
        raise InvalidInput("the progress note is too long (at most %(limit)d characters)", limit=MAX_NOTE)


def monitoring_fields(action: PlanAction) -> dict[str, str | None]:
    return {f: None if getattr(action, f) is None else str(getattr(action, f)) for f in _FIELDS}


def record_progress(
    session: Session, action: PlanAction, progress: Progress, actor: User, expected_version: int,
    today: dt.date | None = None,
) -> int:
    """Record ``progress`` on ``action`` if nobody saved since ``expected_version``; how many fields changed."""
    if not can_edit_plan(actor, action.facility):
        raise PermissionDenied("you may not edit this facility's plan")
    _check(progress, today or dt.datetime.now(dt.UTC).date())
    if action.version != expected_version:
        raise StaleVersion(action.version, [])
    wanted = {"status": progress.status, "started_on": progress.started_on, "completed_on": progress.completed_on,
              "progress_note": progress.progress_note.strip(), "spent": progress.spent}
    changed = 0
    for field, value in wanted.items():
        if record_change(session, actor.username, "plan_action", action.id, field, getattr(action, field), value,
                         action.facility_id) is not None:
            setattr(action, field, value)
            changed += 1
    if changed:
        action.updated_at = utc_now()
        session.flush()
    return changed


def _reencoded(data: bytes) -> tuple[bytes, str, int, int]:
    """The upload re-encoded by washfit, or InvalidInput when it is no image Pillow reads within the bounds."""
    if len(data) > MAX_PHOTO_BYTES:
        raise InvalidInput("the photo is larger than %(limit)d MB", limit=MAX_PHOTO_BYTES // 2**20)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ("JPEG", "PNG", "WEBP", "GIF", "BMP"):
                    raise InvalidInput("the file is not a photo (JPEG, PNG, WebP, GIF or BMP)")
                if probe.width * probe.height > MAX_PHOTO_PIXELS:
                    raise InvalidInput("the photo has too many pixels (at most %(limit)d megapixels)",
                                       limit=MAX_PHOTO_PIXELS // 10**6)
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                image.thumbnail((PHOTO_SIDE, PHOTO_SIDE))
                has_alpha = image.mode in ("RGBA", "LA", "P") and "A" in image.convert("RGBA").getbands()
                out = io.BytesIO()
                if has_alpha and image.format == "PNG":
                    image.convert("RGBA").save(out, "PNG", optimize=True)
                    media = "image/png"
                else:
                    image.convert("RGB").save(out, "JPEG", quality=85)
                    media = "image/jpeg"
                return out.getvalue(), media, image.width, image.height
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning, OSError,
            SyntaxError, ValueError) as exc:
        raise InvalidInput("the file is not a photo washfit can read (JPEG, PNG, WebP, GIF or BMP)") from exc


def add_photo(session: Session, action: PlanAction, data: bytes, actor: User) -> PlanActionPhoto:
    """Keep an evidence photo of ``action``, re-encoded; at most ``MAX_PHOTOS`` per action."""
    if not can_edit_plan(actor, action.facility):
        raise PermissionDenied("you may not edit this facility's plan")
    count = session.scalar(select(func.count()).select_from(PlanActionPhoto)
                           .where(PlanActionPhoto.action_id == action.id)) or 0
    if count >= MAX_PHOTOS:
        raise InvalidInput("an action keeps at most %(limit)d photos", limit=MAX_PHOTOS)
    encoded, media, width, height = _reencoded(data)
    photo = PlanActionPhoto(action_id=action.id, media_type=media, data=encoded, width=width, height=height,
                            uploaded_by=actor.username)
    session.add(photo)
    session.flush()
    record_change(session, actor.username, "plan_action", action.id, "photo", None,
                  f"{photo.id} ({width}×{height} {media})", action.facility_id)
    return photo


def photo_ids(session: Session, action_ids: list[int]) -> dict[int, list[int]]:
    """action id → its photos' ids, oldest first."""
    found: dict[int, list[int]] = {}
    if action_ids:
        query = (select(PlanActionPhoto.action_id, PlanActionPhoto.id)
                 .where(PlanActionPhoto.action_id.in_(action_ids)).order_by(PlanActionPhoto.id))
        for action_id, photo_id in session.execute(query):
            found.setdefault(action_id, []).append(photo_id)
    return found


def get_photo(session: Session, facility: Facility, photo_id: int) -> PlanActionPhoto:
    """Photo ``photo_id`` of an action of ``facility``; NotFound for any other facility's."""
    photo = session.scalar(select(PlanActionPhoto).join(PlanAction, PlanAction.id == PlanActionPhoto.action_id)
                           .where(PlanActionPhoto.id == photo_id, PlanAction.facility_id == facility.id))
    if photo is None:
        raise NotFound("no photo %(id)s in the plan of %(code)s", id=photo_id, code=facility.code)
    return photo
