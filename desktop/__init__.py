"""调解台 Tiaojie Desk — offline-first desk for labour-dispute mediation stations."""

__version__ = "0.1.0"
