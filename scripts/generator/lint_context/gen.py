"""The ``gen`` namespace of the generator's SQL steps for sqlfluff's jinja
templater: the values generate_registers.template_context() gives the first
chunk (seed 42, persons 0-999)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from generate_registers import template_context  # noqa: E402

globals().update(template_context())
