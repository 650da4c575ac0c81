"""The ECharts radar of the six maturity dimensions, T0 against T1 (rendered by the web UI)."""

from __future__ import annotations

from .maturity import MaturityScore, Questionnaire


def radar_data(questionnaire: Questionnaire, t0: MaturityScore, t1: MaturityScore | None = None,
               *, lang: str = "th", digits: int = 1) -> dict:
    """`{"indicator": [{"name", "max"}…], "series": [{"name", "value": […]}…]}` for an ECharts radar.

    Values follow the questionnaire's dimension order; the series are T0 and, when given, T1.
    """
    name = "name_th" if lang == "th" else "name_en"
    labels = {"th": ("ก่อนพัฒนา (T0)", "หลังพัฒนา (T1)"), "en": ("Before (T0)", "After (T1)")}[lang]
    series = [{"name": label, "value": [round(score.dimensions[d.code], digits) for d in questionnaire.dimensions]}
              for label, score in zip(labels, (t0, t1)) if score is not None]
    return {"indicator": [{"name": getattr(d, name), "max": 100} for d in questionnaire.dimensions],
            "series": series}
