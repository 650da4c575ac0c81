import json
import unicodedata
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from uplift.toolkits.successors.core.judging import PitchResults, analyse_pitch_scores
from uplift.toolkits.successors.core.reliability import ICC_FORMS
from uplift.toolkits.successors.core.rubric import RUBRIC_FILE, load_rubric
from uplift.toolkits.successors.core.score_csv import parse_scores_csv

ICC_NAMES = {"ICC1": "ICC(1,1)", "ICC2": "ICC(2,1)", "ICC3": "ICC(3,1)",
             "ICC1k": "ICC(1,k)", "ICC2k": "ICC(2,k)", "ICC3k": "ICC(3,k)"}


def read_text(path: str) -> str:
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp874")


def pad(text: str, width: int) -> str:
    """Left-aligns text in a column; Thai vowel and tone marks above or below take no width."""
    shown = sum(1 for ch in text if unicodedata.category(ch) != "Mn")
    return text + " " * max(0, width - shown)


def format_table(result: PitchResults) -> str:
    d = result.to_dict()
    lines = ["ความน่าเชื่อถือระหว่างกรรมการ (inter-rater reliability)"]
    for form in ICC_FORMS:
        ci = d["icc_ci"][form]
        lines.append(f"  {ICC_NAMES[form]:<9} {form:<6} " + ("-" if d["icc"][form] is None else
                                                             f"{d['icc'][form]:7.3f}  95% CI [{ci[0]:.2f}, {ci[1]:.2f}]"))
    lines.append("  Krippendorff's alpha (interval) " + ("-" if d["alpha"] is None else f"{d['alpha']:.3f}"))
    lines += ["", "อันดับ (ranking, normalised scores)",
              f"  {pad('อันดับ/rank', 12)}{pad('ผลงาน/pitch', 24)}{'คะแนน/score':>12}{'คะแนนดิบ/raw':>14}  ช่วงอันดับ/rank interval"]
    for item in d["ranking"]:
        interval = "-" if item["rank_low"] is None else f"{item['rank_low']}–{item['rank_high']}"
        lines.append(f"  {item['rank']:<12}{pad(item['pitch'], 24)}{item['score']:>12.2f}"
                     f"{d['raw_means'][item['pitch']]:>14.2f}  {interval}")
    flagged = [j for j in result.judges if j.flagged]
    lines += ["", "กรรมการที่ให้คะแนนต่างจากคนอื่น (flagged judges): " + ("ไม่มี (none)" if not flagged else "")]
    lines += [f"  {j.judge}: {j.reason_th} ({j.reason_en})" for j in flagged]
    if result.notes:
        lines += ["", "หมายเหตุ (notes)"] + [f"  - {n.th} ({n.en})" for n in result.notes]
    return "\n".join(lines)


class Command(BaseCommand):
    help = ("Fair results of a pitch event from a CSV of scores (pitch,judge,score[,criterion]): ICC in the six "
            "Shrout–Fleiss forms, Krippendorff's alpha, a ranking on per-judge normalised scores with bootstrap rank "
            "intervals, and flagged judges.")

    def add_arguments(self, parser):
        parser.add_argument("--data", required=True, help="CSV with columns pitch,judge,score and optionally criterion")
        parser.add_argument("--rubric", help=f"rubric JSON for criterion scores (default {RUBRIC_FILE.name})")
        parser.add_argument("--bootstrap", type=int, help="bootstrap draws over judges (default from judging data)")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, **o):
        try:
            rubric = load_rubric(Path(o["rubric"])) if o["rubric"] else load_rubric()
            rows = parse_scores_csv(read_text(o["data"]), rubric)
            result = analyse_pitch_scores(rows, rubric, draws=o["bootstrap"], seed=o["seed"])
        except FileNotFoundError as error:
            raise CommandError(f"ไม่พบไฟล์ (no such file): {error.filename}") from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) if o["json"]
                          else format_table(result))
