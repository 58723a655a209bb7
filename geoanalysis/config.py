"""Project paths (cookiecutter-data-science style); nothing here touches the disk."""
from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "PROJ_ROOT",
    "DATA_DIR",
    "RAW_DATA_DIR",
    "INTERIM_DATA_DIR",
    "PROCESSED_DATA_DIR",
    "NOTEBOOKS_DIR",
    "REPORTS_DIR",
    "PACKAGE_DATA_DIR",
]

PACKAGE_DATA_DIR = Path(__file__).resolve().parent / "data"
#: The repository root when running from a checkout; override with ``GEOANALYSIS_ROOT``.
PROJ_ROOT = Path(os.environ.get("GEOANALYSIS_ROOT", Path(__file__).resolve().parents[1]))
DATA_DIR = PROJ_ROOT / "data"
RAW_DATA_DIR = DATA_DIR / "raw"
INTERIM_DATA_DIR = DATA_DIR / "interim"
PROCESSED_DATA_DIR = DATA_DIR / "processed"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
REPORTS_DIR = PROJ_ROOT / "reports"
