"""washfit's one label system: the gettext catalog, the labels of stored codes, and number formats."""
