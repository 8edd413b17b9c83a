"""The desktop window. The only package that imports PySide6; it reaches the data through ecodesk.services."""
