"""Generate a deterministic synthetic national dataset: N facilities × R rounds × the full set.

The data is synthetic (rounds are flagged so) and the same for the same --seed. PostgreSQL is
loaded with COPY, SQLite with executemany in chunks; the schema is migrated to head first.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from collections.abc import Iterator, Sequence

from sqlalchemy import Row, func, insert, select
from sqlalchemy.orm import Session

from assessments.database import make_engine, upgrade_to_head
from assessments.indicator_sets import ensure_first_set, indicator_set_of
from assessments.models import Assessment, AssessmentRound, Facility, Response
from assessments.scores.stored_tallies import rescore
from scoring import IndicatorSet

CHUNK = 50_000


def facility_rows(count: int, rng: random.Random) -> list[dict]:
    return [
        {"code": f"N{n:05d}", "name": f"Puskesmas Sintetis {n:05d}", "kecamatan": f"Kecamatan {n % 700:03d}",
         "district": f"Kabupaten {n % 514:03d}", "inpatient": rng.random() < 0.4, "delivery": rng.random() < 0.85,
         "placeholder": True}
        for n in range(1, count + 1)
    ]


def answers(rng: random.Random, quality: float, codes: list[str]) -> Iterator[tuple[str, int | None]]:
    for code in codes:
        r = rng.random()
        yield code, (None if r < 0.03 else 2 if r < quality else 1 if r < quality + (1 - quality) / 2 else 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        required=not os.environ.get("DATABASE_URL"))
    parser.add_argument("--facilities", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--seed", type=int, default=20251)
    args = parser.parse_args()

    started = time.perf_counter()
    engine = make_engine(args.database_url)
    upgrade_to_head(engine)
    with Session(engine) as session:  # the rounds name the first stored set, as init-db leaves it
        stored = ensure_first_set(session, "benchmark")
        session.commit()
        stored_id, indicator_set = stored.id, indicator_set_of(stored)
    rng = random.Random(args.seed)
    with engine.begin() as connection:
        if connection.scalar(select(func.count()).select_from(Facility)):
            sys.exit("the database is not empty; generate into a new one")
        connection.execute(insert(Facility), facility_rows(args.facilities, rng))
        facilities = connection.execute(
            select(Facility.id, Facility.inpatient, Facility.delivery).order_by(Facility.id)).all()
        rounds = [{"name": f"Synthetic round {n + 1}", "starts_on": dt.date(2025 + n, 5, 1), "synthetic": True,
                   "indicator_set_id": stored_id} for n in range(args.rounds)]
        connection.execute(insert(AssessmentRound), rounds)
        round_ids = connection.scalars(select(AssessmentRound.id).order_by(AssessmentRound.starts_on)).all()
        connection.execute(insert(Assessment), [
            {"facility_id": f.id, "round_id": r, "status": "validated", "set_id": indicator_set.id,
             "set_version": indicator_set.version, "assessors": "synthetic", "version": 1,
             "updated_at": dt.datetime(2025, 6, 1, tzinfo=dt.UTC)}
            for r in round_ids for f in facilities
        ])
        assessment_rows = connection.execute(select(Assessment.id, Assessment.facility_id, Assessment.round_id))
        assessment_ids = {(row.facility_id, row.round_id): row.id for row in assessment_rows}
        total = 0
        if connection.dialect.name == "postgresql":
            cursor = connection.connection.cursor()
            with cursor.copy("COPY responses (assessment_id, indicator_code, score, comment) FROM STDIN") as copy:
                for row in _responses(rng, indicator_set, facilities, round_ids, assessment_ids):
                    copy.write_row(row)
                    total += 1
        else:
            batch: list[dict] = []
            for a, code, score, comment in _responses(rng, indicator_set, facilities, round_ids, assessment_ids):
                batch.append({"assessment_id": a, "indicator_code": code, "score": score, "comment": comment})
                if len(batch) >= CHUNK:
                    connection.execute(insert(Response), batch)
                    total += len(batch)
                    batch = []
            if batch:
                connection.execute(insert(Response), batch)
                total += len(batch)
    loaded = time.perf_counter()
    with Session(engine) as session:  # the stored scores, as every write path leaves them
        scored = rescore(session)
        session.commit()
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    print(f"{args.facilities} facilities × {args.rounds} rounds: {total} responses in {loaded - started:.1f} s, "
          f"{scored} assessments scored in {time.perf_counter() - loaded:.1f} s")


def _responses(
    rng: random.Random,
    indicator_set: IndicatorSet,
    facilities: Sequence[Row[tuple[int, bool, bool]]],
    round_ids: Sequence[int],
    assessment_ids: dict[tuple[int, int], int],
) -> Iterator[tuple[int, str, int | None, str]]:
    from scoring import FacilityProfile

    for facility in facilities:
        profile = FacilityProfile(inpatient=facility.inpatient, delivery=facility.delivery)
        codes = [i.code for i in indicator_set.indicators if i.applies(profile)]
        quality = rng.uniform(0.2, 0.8)
        for n, round_id in enumerate(round_ids):
            for code, score in answers(rng, min(quality + 0.05 * n, 0.95), codes):
                yield assessment_ids[(facility.id, round_id)], code, score, ""


if __name__ == "__main__":
    main()
