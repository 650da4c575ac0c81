"""Causal evaluation core: pure Python (numpy, polars, statsmodels, linearmodels), no Django."""

from .run import METHODS, Evaluation, evaluate, evaluate_csv, format_report

__all__ = ["METHODS", "Evaluation", "evaluate", "evaluate_csv", "format_report"]
