"""Scoring: a round's scores read for a page or export, and a full rescore of the round.

Contenders, run side by side (``harness.timed_runs``, caches cleared before every run, and on
PostgreSQL the stored-figure tables vacuumed of the rows the rolled-back rescores left):
- the SQL floor: a plain GROUP BY over the round's responses (it only sums, applies no rule);
- the physical floor on PostgreSQL: the round's response rows read by binary COPY;
- washfit read: ``stored_summaries``, the stored figures every page, chart and export reads;
- washfit rescore: ``rescore``, what ``washfit rescore`` does for the round: the stored rows
  deleted, the tallies counted and written by the database, the JMP levels judged by ``scoring``
  and written (rolled back after each run);
- the pandas groupby an analyst would write on an export of the responses (the peer);
- washfit's per-assessment path (every assessment loaded and scored by ``score_assessment``), with
  ``--per-assessment``, for reference.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select, text
from sqlalchemy.orm import Session, joinedload, selectinload

from assessments.database import make_engine
from assessments.indicator_sets import round_set
from assessments.models import Assessment
from assessments.rounds import find_round
from assessments.scores.stored import score_of
from assessments.scores.stored_figures import stored_summaries
from assessments.scores.stored_tallies import rescore
from benchmarks.harness import arguments, clear_caches, report, timed_runs

FLOOR = """
SELECT r.assessment_id, d.domain, SUM(r.score) AS points, COUNT(r.score) AS answered
FROM responses r
JOIN assessments a ON a.id = r.assessment_id
JOIN bench_indicator_domains d ON d.code = r.indicator_code
WHERE a.round_id = :round
GROUP BY r.assessment_id, d.domain
"""

EXPORT = """
SELECT a.facility_id, r.indicator_code, r.score FROM responses r
JOIN assessments a ON a.id = r.assessment_id WHERE a.round_id = :round
"""

COPY = ("COPY (SELECT r.assessment_id, r.indicator_code, r.score FROM responses r JOIN assessments a "
        "ON a.id = r.assessment_id WHERE a.round_id = {round}) TO STDOUT (FORMAT binary)")


def main() -> None:
    parser = arguments(__doc__ or "")
    parser.add_argument("--per-assessment", action="store_true", help="also time the per-assessment path (slow)")
    args = parser.parse_args()
    engine = make_engine(args.database_url)
    with Session(engine) as session:
        round_ = find_round(session, None)
        round_id, indicator_set = round_.id, round_set(round_)
    domains = pd.DataFrame([(i.code, i.domain) for i in indicator_set.indicators], columns=["indicator_code", "domain"])
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS bench_indicator_domains")
        connection.exec_driver_sql(
            "CREATE TABLE bench_indicator_domains (code VARCHAR(20) PRIMARY KEY, domain VARCHAR(20))")
        connection.execute(text("INSERT INTO bench_indicator_domains VALUES (:c, :d)"),
                           [{"c": c, "d": d} for c, d in domains.itertuples(index=False)])

    def floor() -> object:
        with engine.connect() as connection:
            return connection.execute(text(FLOOR), {"round": round_id}).all()

    def physical() -> object:
        with engine.connect() as connection:
            cursor = connection.connection.cursor()
            with cursor.copy(COPY.format(round=int(round_id))) as copy:  # type: ignore[attr-defined]
                return sum(len(block) for block in copy)

    def read() -> object:
        with Session(engine) as s:
            return stored_summaries(s, indicator_set, round_id)

    def rewrite() -> object:
        with Session(engine) as s:
            scored = rescore(s, round_id)
            s.rollback()
            return scored

    def analyst() -> object:
        with engine.connect() as connection:
            frame = pd.read_sql(text(EXPORT), connection, params={"round": round_id})
        frame = frame.merge(domains, on="indicator_code")
        grouped = frame.groupby(["facility_id", "domain"])["score"].agg(["sum", "count"])
        return (grouped["sum"] * 100 / (2 * grouped["count"])).round(1)

    def per_assessment() -> object:
        with Session(engine) as s:
            query = (select(Assessment).where(Assessment.round_id == round_id)
                     .options(selectinload(Assessment.responses), joinedload(Assessment.facility)))
            return [score_of(indicator_set, a) for a in s.scalars(query)]

    contenders = {"SQL GROUP BY (floor)": floor}
    if engine.dialect.name == "postgresql":
        contenders["binary COPY of the rows (physical floor)"] = physical
    contenders |= {"washfit read (stored_summaries)": read, "washfit rescore (rolled back)": rewrite,
                   "pandas groupby (peer)": analyst}
    if args.per_assessment:
        contenders["washfit per assessment (reference)"] = per_assessment
    with Session(engine) as session:
        facilities = len(stored_summaries(session, indicator_set, round_id))

    def before() -> None:
        """Caches cleared; on PostgreSQL the dead rows of the rolled-back rescores vacuumed away,
        as autovacuum would: left, 120,000 a run, they slow every later read and rescore."""
        clear_caches()
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM assessment_domain_scores, assessment_service_levels")

    times = timed_runs(contenders, args.repeat, before)
    report(f"Scoring one round of {facilities} facilities ({engine.dialect.name})", "SQL GROUP BY (floor)", times)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE bench_indicator_domains")


if __name__ == "__main__":
    main()
