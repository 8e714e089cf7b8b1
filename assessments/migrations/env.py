"""Alembic environment: runs against the engine handed over in ``config.attributes``."""

from alembic import context
from sqlalchemy import Engine, create_engine

from assessments.models import Base

config = context.config
engine: Engine | None = config.attributes.get("engine")
if engine is None:  # run by hand with an alembic.ini of one's own: the URL in it
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("no engine was handed over and the Alembic configuration has no sqlalchemy.url")
    engine = create_engine(url)

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch mode rebuilds a table by copy, drop and rename, which foreign keys would block half
        # way; they are off during the migrations and checked whole at the end.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=sqlite,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
        if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
            raise RuntimeError("the migration left rows whose foreign keys point nowhere; nothing was changed")
    connection.commit()
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
