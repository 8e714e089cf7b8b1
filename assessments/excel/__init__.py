"""Workbooks: the offline assessment form out and back in, the district summary and the plan workbook."""
