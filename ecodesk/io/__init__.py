"""Importers and exporters, one module a format. No Qt here."""
