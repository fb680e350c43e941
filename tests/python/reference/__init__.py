"""Independent Python reference implementation ("witness") of the measures in
shared/spec/measures.md. See `measures.py`."""

from .measures import compute, compute_from_tables, monthly_early_effort, monthly_focus_target

__all__ = ["compute", "compute_from_tables", "monthly_early_effort", "monthly_focus_target"]
