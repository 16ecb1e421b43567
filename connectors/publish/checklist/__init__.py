"""The bureau's own forms and tables from the reports (issue 18): the filled 公开情况检查表 per report
(:mod:`.judge`, :mod:`.workbook`), the season's summary (:mod:`.summary`) and every finding as a row of
a Parquet table (:mod:`.findings`), stored beside the reports by :mod:`.store`."""
