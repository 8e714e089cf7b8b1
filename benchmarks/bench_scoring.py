"""Scoring: recompute every facility's domain scores for one round.

Contenders: washfit (assessments.round_scores.round_summaries, the path the facility list,
dashboard and summary use: SQL counts, scoring applies the rules), washfit's per-assessment path
(every assessment loaded with its responses and scored by ``score_assessment``, as a facility
page does; shown for reference), a plain SQL GROUP BY over the responses (the floor: it only sums, it applies none of
the rules) and the pandas groupby an analyst would write on an export of the responses.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select, text
from sqlalchemy.orm import Session, joinedload, selectinload

from assessments.database import make_engine
from assessments.indicator_sets import first_indicator_set
from assessments.models import Assessment
from assessments.rounds import find_round
from assessments.scores.round_scores import round_summaries
from assessments.scores.stored import score_of
from benchmarks.harness import arguments, median_seconds, report

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


def main() -> None:
    args = arguments(__doc__ or "").parse_args()
    engine = make_engine(args.database_url)
    indicator_set = first_indicator_set()
    domains = pd.DataFrame([(i.code, i.domain) for i in indicator_set.indicators], columns=["indicator_code", "domain"])
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS bench_indicator_domains")
        connection.exec_driver_sql(
            "CREATE TABLE bench_indicator_domains (code VARCHAR(20) PRIMARY KEY, domain VARCHAR(20))")
        connection.execute(text("INSERT INTO bench_indicator_domains VALUES (:c, :d)"),
                           [{"c": c, "d": d} for c, d in domains.itertuples(index=False)])
    with Session(engine) as session:
        round_ = find_round(session, None)
        facilities = len(round_summaries(session, indicator_set, round_.id))

        def washfit() -> object:
            with Session(engine) as s:
                return round_summaries(s, indicator_set, round_.id)

        def per_assessment() -> object:
            with Session(engine) as s:
                query = (select(Assessment).where(Assessment.round_id == round_.id)
                         .options(selectinload(Assessment.responses), joinedload(Assessment.facility)))
                return [score_of(indicator_set, a) for a in s.scalars(query)]

        def floor() -> object:
            with engine.connect() as connection:
                return connection.execute(text(FLOOR), {"round": round_.id}).all()

        def analyst() -> object:
            with engine.connect() as connection:
                frame = pd.read_sql(text(EXPORT), connection, params={"round": round_.id})
            frame = frame.merge(domains, on="indicator_code")
            grouped = frame.groupby(["facility_id", "domain"])["score"].agg(["sum", "count"])
            return (grouped["sum"] * 100 / (2 * grouped["count"])).round(1)

        results = {name: median_seconds(run, args.repeat) for name, run in
                   (("SQL GROUP BY (floor)", floor), ("washfit round_summaries", washfit),
                    ("pandas groupby (peer)", analyst), ("washfit per assessment (reference)", per_assessment))}
    report(f"Scoring one round of {facilities} facilities ({engine.dialect.name})", "SQL GROUP BY (floor)", results)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE bench_indicator_domains")


if __name__ == "__main__":
    main()
