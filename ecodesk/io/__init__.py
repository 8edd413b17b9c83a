"""Exports a bureau prints and files: Word 工作要点, Excel progress table, unit task sheets, summary.

Each exporter takes a renumbered `PlanTree` and a target path; none touches the database or Qt.
"""
