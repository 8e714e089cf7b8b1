"""Data and use cases: the database, services, answer files, Excel and charts. Never imports Flask."""
