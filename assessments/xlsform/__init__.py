"""The assessment as an XLSForm for KoboToolbox and ODK, and the submissions those tools export."""
