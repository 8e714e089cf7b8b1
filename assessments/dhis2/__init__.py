"""The DHIS2 export: a round's figures as a ``dataValueSets`` payload (JSON or CSV) and the metadata
(data elements, the JMP option set, data sets) a health office imports first.

``scheme.py`` derives the data element codes from the indicator set (README "DHIS2"),
``values.py`` gathers a round's data values, ``metadata.py`` writes their definitions.
"""
