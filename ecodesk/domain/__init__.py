"""Plain types and rules of a year plan. No Qt, no SQL: everything above builds on these."""
