"""EcoDesk: the yearly 工作要点 of a county ecology and environment bureau."""

__version__ = "0.1.0"
APP_NAME = "EcoDesk"
APP_TITLE = "EcoDesk 工作要点管理"
