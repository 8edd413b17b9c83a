"""Reading and writing documents outside the database: imports and exports. No Qt, no SQL."""
