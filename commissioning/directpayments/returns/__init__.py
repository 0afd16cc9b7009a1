"""The Client Level Data return: the specification as the shared release file gives it (`spec`), the
events the platform holds (`events`), the quarterly file built from them (`build`), the national
checks (`checks`) and the measures built on the same events (`measures`). Pure functions over Polars
frames, so the benchmark measures exactly what the pages run (ADR 0023)."""
