"""Data and use cases, grouped by feature; never imports Flask.

The ground: ``models`` (tables), ``database`` (engines, migrations), ``errors``, ``audit``,
``permissions``, ``accounts`` (users, passwords), ``facilities``, ``rounds``, ``indicator_sets``,
``i18n`` (the one label system), ``backup`` and ``demo``. The features, each building only on
those below it: ``scores`` (entry and figures) < ``plans`` < ``charts`` < ``excel``.
"""
