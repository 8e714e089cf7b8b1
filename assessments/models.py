"""The database tables, as typed SQLAlchemy 2.x models. Data and small invariants only.

Scores are stored as ``score`` 0, 1 or 2, with NULL meaning "not applicable"; an indicator
without a row is unanswered. That keeps ``SUM(score)`` and ``COUNT(score)`` the plain SQL of
the WASH FIT arithmetic, which reports and benchmarks rely on.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ROLES = ("admin", "assessor", "facility_head", "viewer", "amp_sr")
STATUSES = ("draft", "submitted", "validated")


def utc_now() -> dt.datetime:
    """The current time in UTC; passed as a callable so every row gets its own."""
    return dt.datetime.now(dt.UTC)


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A stored time with its zone: SQLite hands ``DateTime(timezone=True)`` back naive, and it was UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


user_facilities = Table(
    "user_facilities",
    Base.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("facility_id", ForeignKey("facilities.id", ondelete="CASCADE"), primary_key=True),
)


class Facility(Base):
    """A puskesmas (or other health care facility) and what services it offers."""

    __tablename__ = "facilities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kecamatan: Mapped[str] = mapped_column(String(100), default="")
    district: Mapped[str] = mapped_column(String(100), default="")
    inpatient: Mapped[bool] = mapped_column(default=False)
    delivery: Mapped[bool] = mapped_column(default=False)
    rainfall_sufficient: Mapped[bool] = mapped_column(default=False, server_default=false())
    sewered: Mapped[bool] = mapped_column(default=False, server_default=false())
    latitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    longitude: Mapped[Decimal | None] = mapped_column(Numeric(9, 6))
    placeholder: Mapped[bool] = mapped_column(default=False)
    # The facility's organisation unit in DHIS2 (a uid or a code), checked by
    # ``assessments.facilities.check_org_unit``; the DHIS2 export leaves out facilities without one.
    dhis2_org_unit: Mapped[str | None] = mapped_column(String(50), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    assessments: Mapped[list[Assessment]] = relationship(back_populates="facility")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("latitude IS NULL OR (latitude BETWEEN -90 AND 90)", name="latitude_range"),
        CheckConstraint("longitude IS NULL OR (longitude BETWEEN -180 AND 180)", name="longitude_range"),
    )

    def __repr__(self) -> str:
        return f"<Facility {self.code}>"


class StoredIndicatorSet(Base):
    """An indicator set kept whole: its YAML text as imported, and what identifies it.

    Immutable once stored: a district adapts a set by importing a new version, never by editing
    one in place, so every round keeps scoring with exactly the set it was assessed on.
    ``content_hash`` (SHA-256 of the text) tells a repeated import from a changed one.
    """

    __tablename__ = "indicator_sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[str] = mapped_column(String(50))
    version: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(Text, default="")
    # Deferred: every request finds the set it scores with (90 KB of text), and the parsed set is
    # kept per content hash, so the text is read only by the first request that parses it.
    yaml_text: Mapped[str] = mapped_column(Text, deferred=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)

    rounds: Mapped[list[AssessmentRound]] = relationship(back_populates="indicator_set")

    __table_args__ = (UniqueConstraint("set_id", "version", name="uq_indicator_sets_set_version"),)

    @property
    def ref(self) -> str:
        """How people name the set: ``id@version``."""
        return f"{self.set_id}@{self.version}"

    def __repr__(self) -> str:
        return f"<StoredIndicatorSet {self.ref}>"


class AssessmentRound(Base):
    """A round of assessments across facilities, e.g. "Baseline 2025", scored with one indicator set."""

    __tablename__ = "assessment_rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    synthetic: Mapped[bool] = mapped_column(default=False)
    # The DHIS2 period its figures are reported for (``2025``, ``2025S1``); None: the yearly period of
    # ``starts_on`` (``assessments.rounds.dhis2_period``).
    dhis2_period: Mapped[str | None] = mapped_column(String(7))
    indicator_set_id: Mapped[int] = mapped_column(ForeignKey("indicator_sets.id", ondelete="RESTRICT"))
    ends_on: Mapped[dt.date | None] = mapped_column(Date)  # the planned end, shown; closing is a decision
    closed: Mapped[bool] = mapped_column(default=False, server_default=false())  # read-only everywhere

    assessments: Mapped[list[Assessment]] = relationship(back_populates="round")
    indicator_set: Mapped[StoredIndicatorSet] = relationship(back_populates="rounds")

    def __repr__(self) -> str:
        return f"<AssessmentRound {self.name}>"


class Assessment(Base):
    """One facility's assessment in one round, with a version counter for optimistic locking."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id", ondelete="RESTRICT"))
    round_id: Mapped[int] = mapped_column(ForeignKey("assessment_rounds.id", ondelete="RESTRICT"))
    assessed_on: Mapped[dt.date | None] = mapped_column(Date)
    assessors: Mapped[str] = mapped_column(String(300), default="")
    team_leader: Mapped[str] = mapped_column(String(200), default="", server_default="")
    status: Mapped[str] = mapped_column(String(20), default="draft")
    set_id: Mapped[str] = mapped_column(String(50))
    set_version: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, onupdate=utc_now)

    facility: Mapped[Facility] = relationship(back_populates="assessments")
    round: Mapped[AssessmentRound] = relationship(back_populates="assessments")
    responses: Mapped[list[Response]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", order_by="Response.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("facility_id", "round_id", name="uq_assessments_facility_round"),
        CheckConstraint(f"status IN {STATUSES!r}", name="status_valid"),
        Index("ix_assessments_round_facility", "round_id", "facility_id"),
    )

    def __repr__(self) -> str:
        return f"<Assessment {self.facility_id}/{self.round_id} v{self.version}>"


class Response(Base):
    """An indicator's answer: score 0, 1, 2, or NULL for not applicable."""

    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    indicator_code: Mapped[str] = mapped_column(String(20))
    score: Mapped[int | None] = mapped_column(SmallInteger)
    comment: Mapped[str] = mapped_column(Text, default="")

    assessment: Mapped[Assessment] = relationship(back_populates="responses")

    __table_args__ = (
        UniqueConstraint("assessment_id", "indicator_code", name="uq_responses_assessment_indicator"),
        CheckConstraint("score IS NULL OR score IN (0, 1, 2)", name="score_valid"),
    )

    def __repr__(self) -> str:
        return f"<Response {self.indicator_code}={self.score}>"


class AssessmentDomainScore(Base):
    """An assessment's tally in one domain, stored with its answers so pages never recount them.

    Derived data: ``assessments.scores.stored_tallies.store_scores`` writes it in the transaction
    that changes the answers, and ``washfit rescore`` rebuilds it (from ``scoring``'s rules).
    """

    __tablename__ = "assessment_domain_scores"

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    domain: Mapped[str] = mapped_column(String(50), primary_key=True)
    points: Mapped[int] = mapped_column(Integer)
    maximum: Mapped[int] = mapped_column(Integer)
    met: Mapped[int] = mapped_column(Integer)
    partial: Mapped[int] = mapped_column(Integer)
    not_met: Mapped[int] = mapped_column(Integer)
    not_applicable: Mapped[int] = mapped_column(Integer)
    unanswered: Mapped[int] = mapped_column(Integer)
    essential_met: Mapped[int] = mapped_column(Integer)
    essential_assessed: Mapped[int] = mapped_column(Integer)
    scored_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)


class AssessmentServiceLevel(Base):
    """An assessment's JMP service level in one area, stored beside its domain tallies."""

    __tablename__ = "assessment_service_levels"

    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True)
    area: Mapped[str] = mapped_column(String(50), primary_key=True)
    level: Mapped[str] = mapped_column(String(20))


class User(Base):
    """Someone who logs in, with a role and the facilities they may touch.

    ``session_epoch`` is the generation of the user's sessions: a cookie carrying an older one
    is void. ``version`` counts the administrator's edits (role, facilities, active, password)
    and is checked by hand, not by the ORM, so that logging in or out never makes an
    administrator's open form stale.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)

    facilities: Mapped[list[Facility]] = relationship(secondary=user_facilities, order_by=Facility.code)

    __table_args__ = (CheckConstraint(f"role IN {ROLES!r}", name="role_valid"),)

    def __repr__(self) -> str:
        return f"<User {self.username} ({self.role})>"


class LoginAttempt(Base):
    """A failed login, kept for the throttle (``accounts/throttle.py``) for a short while.

    ``username`` is what was typed, lower-cased (it may name no account); ``client`` the
    address the request came from. The password is never stored.
    """

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, index=True)
    username: Mapped[str] = mapped_column(String(80))
    client: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_login_attempts_username_client", "username", "client"),
        Index("ix_login_attempts_client_at", "client", "at"),
    )

    def __repr__(self) -> str:
        return f"<LoginAttempt {self.username}@{self.client}>"


class AuditEntry(Base):
    """One changed field: who changed what, when, from which value to which."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    username: Mapped[str] = mapped_column(String(80))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(80))
    field: Mapped[str] = mapped_column(String(80))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    facility_id: Mapped[int | None] = mapped_column(ForeignKey("facilities.id", ondelete="SET NULL"), index=True)
    # The transaction that wrote it: one save's entries share it (NULL before migration 0015).
    change_set: Mapped[str | None] = mapped_column(String(32), index=True)

    def __repr__(self) -> str:
        return f"<AuditEntry {self.entity}:{self.entity_id}.{self.field}>"


# -- improvement plans --------------------------------------------------------------------------

PLAN_STATUSES = ("planned", "in_progress", "done", "dropped")
FUNDING_SOURCES = ("APBD", "DAK", "BOK", "UNICEF", "other")


class CostItemPrice(Base):
    """The district's price of a catalog item, seeded from the indicator set and edited by admins.

    Names and units stay in the indicator set (both languages); only what the district sets
    lives here. Money is whole rupiah.
    """

    __tablename__ = "cost_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    unit_cost: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(300), default="")
    year: Mapped[int] = mapped_column(Integer)
    estimate: Mapped[bool] = mapped_column(default=True)
    region: Mapped[str] = mapped_column(String(100), default="")
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, onupdate=utc_now)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("unit_cost >= 0", name="unit_cost_not_negative"),
        CheckConstraint("year BETWEEN 1900 AND 2200", name="year_range"),
    )

    def __repr__(self) -> str:
        return f"<CostItemPrice {self.code}={self.unit_cost}>"


class CostItemPriceHistory(Base):
    """Every price an item has had, newest last: the current one is also in ``cost_items``.

    Written by ``assessments.plans.prices`` whenever a price is seeded, edited or imported, so a
    plan total can be traced to the year and document of each price it used.
    """

    __tablename__ = "cost_item_price_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(ForeignKey("cost_items.code", ondelete="CASCADE"), index=True)
    unit_cost: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(300), default="")
    year: Mapped[int] = mapped_column(Integer)
    region: Mapped[str] = mapped_column(String(100), default="")
    estimate: Mapped[bool] = mapped_column(default=True)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(80))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)

    __table_args__ = (CheckConstraint("unit_cost >= 0", name="unit_cost_not_negative"),)


class FreightFactor(Base):
    """How much more material items cost delivered to a kecamatan, in whole percent (135 = +35 %).

    A kecamatan without a row has no freight (100). Set by administrators; applied on every read
    by ``assessments.plans.actions`` through ``scoring.costs``.
    """

    __tablename__ = "freight_factors"

    id: Mapped[int] = mapped_column(primary_key=True)
    kecamatan: Mapped[str] = mapped_column(String(100), unique=True)
    percent: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, onupdate=utc_now)

    __table_args__ = (CheckConstraint("percent BETWEEN 100 AND 500", name="percent_range"),)


class PriceListMapping(Base):
    """Which catalog item a line of the district's price list prices, kept for next year's list.

    ``key`` is the district's item code or item name, folded (see ``price_lists.fold``). When the
    list's unit differs from the item's, ``list_unit`` states it and ``per_item`` says how many of
    the list's units make one catalog unit; without that statement a different unit is refused.
    """

    __tablename__ = "price_list_mappings"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    cost_item_code: Mapped[str] = mapped_column(ForeignKey("cost_items.code", ondelete="CASCADE"))
    list_unit: Mapped[str] = mapped_column(String(40), default="")
    per_item: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, onupdate=utc_now)

    __table_args__ = (CheckConstraint("per_item BETWEEN 1 AND 100000", name="per_item_range"),)


class PlanAction(Base):
    """One action of a facility's improvement plan, drafted from a gap or added by a person.

    ``indicator_code`` is NULL for an action a puskesmas head added; ``text`` is NULL while the
    indicator set's default text (in the reader's language) stands. ``edited`` lists the fields a
    person changed (space-separated), which a re-draft leaves alone.
    """

    __tablename__ = "plan_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id", ondelete="RESTRICT"))
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id", ondelete="SET NULL"))
    indicator_code: Mapped[str | None] = mapped_column(String(20))
    text: Mapped[str | None] = mapped_column(Text)
    responsible: Mapped[str] = mapped_column(String(200), default="")
    target_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    funding_source: Mapped[str | None] = mapped_column(String(20))
    edited: Mapped[str] = mapped_column(String(200), default="")
    indicator_met: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The one-time token of the form that added an own action: a second post of it finds this row.
    form_token: Mapped[str | None] = mapped_column(String(64))
    # Monitoring (WASH FIT step 5): when the work started and was completed, how it goes, rupiah spent.
    started_on: Mapped[dt.date | None] = mapped_column(Date)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    progress_note: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Bounded by assessments.plans.monitoring (no CHECK: SQLite would rebuild the table to add one).
    spent: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, onupdate=utc_now)

    facility: Mapped[Facility] = relationship()
    assessment: Mapped[Assessment | None] = relationship()
    items: Mapped[list[PlanActionItem]] = relationship(
        back_populates="action", cascade="all, delete-orphan", order_by="PlanActionItem.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # NULL codes (own actions) never collide, on SQLite and PostgreSQL alike.
        UniqueConstraint("facility_id", "indicator_code", name="uq_plan_actions_facility_indicator"),
        # A unique index, not a constraint: migration 0005 adds it without rebuilding the table.
        Index("uq_plan_actions_form_token", "form_token", unique=True),
        CheckConstraint(f"status IN {PLAN_STATUSES!r}", name="status_valid"),
        CheckConstraint(f"funding_source IS NULL OR funding_source IN {FUNDING_SOURCES!r}",
                        name="funding_source_valid"),
    )

    @property
    def edited_fields(self) -> frozenset[str]:
        return frozenset(self.edited.split())

    def __repr__(self) -> str:
        return f"<PlanAction {self.facility_id}/{self.indicator_code or self.id}>"


class PlanActionItem(Base):
    """A quantity of a catalog item in an action, with an optional unit-cost override (rupiah)."""

    __tablename__ = "plan_action_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_actions.id", ondelete="CASCADE"))
    cost_item_code: Mapped[str] = mapped_column(ForeignKey("cost_items.code", ondelete="RESTRICT"))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_cost_override: Mapped[int | None] = mapped_column(BigInteger)

    action: Mapped[PlanAction] = relationship(back_populates="items")

    __table_args__ = (
        UniqueConstraint("action_id", "cost_item_code", name="uq_plan_action_items_action_item"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint("unit_cost_override IS NULL OR unit_cost_override >= 0", name="override_not_negative"),
    )

    def __repr__(self) -> str:
        return f"<PlanActionItem {self.cost_item_code}×{self.quantity}>"


PLAN_STATES = ("draft", "submitted", "returned", "validated")


class FacilityPlan(Base):
    """A facility's plan as a whole: what it was drafted from and where it stands with the district.

    ``drafted_from_id`` is the assessment the plan was last drafted from; a newer submitted or
    validated assessment makes the plan out of date. ``state`` goes draft → submitted (by the
    puskesmas head) → validated or returned (with ``comment``) by the district. ``snapshot`` is
    the JSON of what was validated (actions, costs, totals), kept as it was; ``reopen_note`` says
    why a validated plan went back to draft (a change of scope).
    """

    __tablename__ = "facility_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id", ondelete="RESTRICT"), unique=True)
    drafted_from_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id", ondelete="SET NULL"))
    state: Mapped[str] = mapped_column(String(20), default="draft")
    submitted_by: Mapped[str | None] = mapped_column(String(80))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    returned_by: Mapped[str | None] = mapped_column(String(80))
    returned_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    comment: Mapped[str] = mapped_column(Text, default="")
    validated_by: Mapped[str | None] = mapped_column(String(80))
    validated_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    snapshot: Mapped[str | None] = mapped_column(Text)
    reopen_note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    facility: Mapped[Facility] = relationship()
    drafted_from: Mapped[Assessment | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (CheckConstraint(f"state IN {PLAN_STATES!r}", name="state_valid"),)

    def __repr__(self) -> str:
        return f"<FacilityPlan {self.facility_id} {self.state}>"


class PlanActionPhoto(Base):
    """An evidence photo of an action, re-encoded by washfit (JPEG or PNG) and kept in the database.

    Kept as bytes so a photo is written in the same transaction as the rest and goes with a backup.
    """

    __tablename__ = "plan_action_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("plan_actions.id", ondelete="CASCADE"), index=True)
    media_type: Mapped[str] = mapped_column(String(20))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    uploaded_by: Mapped[str] = mapped_column(String(80))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)

    __table_args__ = (CheckConstraint("media_type IN ('image/jpeg', 'image/png')", name="media_type_valid"),)

    def __repr__(self) -> str:
        return f"<PlanActionPhoto {self.action_id}/{self.id}>"


class Submission(Base):
    """A KoboToolbox or ODK Central submission imported into a facility's assessment, by instance id.

    Keeps a repeated import from changing anything, lets a later submission for the same
    facility and round win over an earlier one, and records what the phone form said of the
    visit (date, team). ``deprecated_id`` is the instance the submission replaced (a Kobo edit).
    """

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    instance_id: Mapped[str] = mapped_column(String(100), unique=True)
    deprecated_id: Mapped[str | None] = mapped_column(String(100))
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id", ondelete="RESTRICT"))
    round_id: Mapped[int] = mapped_column(ForeignKey("assessment_rounds.id", ondelete="RESTRICT"))
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    form_version: Mapped[str] = mapped_column(String(40))
    visit_date: Mapped[dt.date | None] = mapped_column(Date)
    assessors: Mapped[str] = mapped_column(String(300), default="")
    team_leader: Mapped[str] = mapped_column(String(200), default="")
    imported_by: Mapped[str] = mapped_column(String(80))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)

    __table_args__ = (Index("ix_submissions_facility_round", "facility_id", "round_id"),)

    def __repr__(self) -> str:
        return f"<Submission {self.instance_id}>"


# -- maternal and perinatal death audits (AMP-SR) -----------------------------------------------

RESPONSE_STATUSES = ("open", "in_progress", "done")


class DeathAudit(Base):
    """One reviewed death or near miss, de-identified: a facility, a month, and codes only.

    Codes come from ``death_audit_codes.yaml`` (checked by ``assessments.death_audits.cases``);
    ``factors`` lists the avoidable factors the audit found (space-separated codes). Nothing that
    identifies a woman or a baby has a column here: no name, NIK, address, exact date or record
    number. ``plan_action_id`` is the plan action the recommendation became, if any.
    """

    __tablename__ = "death_audits"

    id: Mapped[int] = mapped_column(primary_key=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id", ondelete="RESTRICT"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    case_type: Mapped[str] = mapped_column(String(30))
    place: Mapped[str] = mapped_column(String(30))
    cause_group: Mapped[str] = mapped_column(String(30))
    factors: Mapped[str] = mapped_column(String(400), default="")
    recommendation: Mapped[str] = mapped_column(Text, default="")
    response_status: Mapped[str] = mapped_column(String(20), default="open")
    plan_action_id: Mapped[int | None] = mapped_column(ForeignKey("plan_actions.id", ondelete="SET NULL"))
    synthetic: Mapped[bool] = mapped_column(default=False)
    import_digest: Mapped[str | None] = mapped_column(String(64), index=True)  # sha256 of the file it came from
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, onupdate=utc_now)

    facility: Mapped[Facility] = relationship()
    plan_action: Mapped[PlanAction | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("month BETWEEN 1 AND 12", name="month_range"),
        CheckConstraint("year BETWEEN 2000 AND 2200", name="year_range"),
        CheckConstraint(f"response_status IN {RESPONSE_STATUSES!r}", name="response_status_valid"),
    )

    @property
    def factor_codes(self) -> tuple[str, ...]:
        return tuple(self.factors.split())

    def __repr__(self) -> str:
        return f"<DeathAudit {self.facility_id} {self.year}-{self.month:02d} {self.case_type}>"


# -- API tokens ---------------------------------------------------------------------------------

class ApiToken(Base):
    """A token an administrator issued for a user to call the JSON API (``/api/v1``) with.

    Only the SHA-256 of the secret is kept (``token_hash``): the secret is shown once, when the
    token is created. ``prefix`` is the secret's first characters, so a token can be named in a
    list without revealing it. The token acts with its user's rights, whatever they are at the
    time of the call; a revoked or expired token, or one whose user is inactive, is refused.
    """

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<ApiToken {self.prefix} of {self.user_id}>"
# -- the WASH FIT team (step 1) and its risk assessment (step 3) --------------------------------


class TeamMember(Base):
    """A member of a puskesmas's WASH FIT team, from ``from_on`` to ``to_on`` (open while NULL).

    ``position`` is a code of ``assessments/data/team_codes.yaml``; ``position_other`` holds the
    position in words when the code is ``other``. ``leader`` marks the team leader.
    """

    __tablename__ = "team_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str] = mapped_column(String(30))
    position_other: Mapped[str] = mapped_column(String(200), default="")
    team_role: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    leader: Mapped[bool] = mapped_column(default=False)
    from_on: Mapped[dt.date] = mapped_column(Date)
    to_on: Mapped[dt.date | None] = mapped_column(Date)
    synthetic: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now)

    facility: Mapped[Facility] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (CheckConstraint("to_on IS NULL OR to_on >= from_on", name="dates_in_order"),)

    def __repr__(self) -> str:
        return f"<TeamMember {self.facility_id} {self.name}>"


class RiskJudgement(Base):
    """The team's risk assessment of one gap of an assessment (the guide's step 3).

    ``at_risk`` lists who is exposed (space-separated codes of ``team_codes.yaml``);
    ``likelihood`` and ``severity`` are codes of its three-level scales, and the team's level is
    read from its matrix. ``reason`` says why the team's level differs from washfit's priority.
    """

    __tablename__ = "risk_judgements"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    indicator_code: Mapped[str] = mapped_column(String(20))
    problem: Mapped[str] = mapped_column(Text, default="")
    at_risk: Mapped[str] = mapped_column(String(200), default="")
    likelihood: Mapped[str] = mapped_column(String(20))
    severity: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utc_now, onupdate=utc_now)

    assessment: Mapped[Assessment] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("assessment_id", "indicator_code", name="uq_risk_judgements_assessment_indicator"),
    )

    @property
    def at_risk_codes(self) -> tuple[str, ...]:
        return tuple(self.at_risk.split())

    def __repr__(self) -> str:
        return f"<RiskJudgement {self.assessment_id}/{self.indicator_code}>"
