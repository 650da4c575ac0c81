"""Thai food label compliance: a checklist over a label description (the elements a designer
reads off a mock-up), from the Ministry of Public Health's labelling notifications as data
(``food_label_rules_v1.json``: No. 367 B.E. 2557 as amended by No. 383 and No. 401).

Every rule in the data yields at least one checklist item; a rule that fails yields one item
per offending element (each ingredient, additive or allergen group), so the designer sees
exactly what to fix. ``check`` items are hints for a person to confirm, not failures.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any, Literal

from .reference import load_json

RULES_FILE = "food_label_rules_v1.json"
THAI_SCRIPT = re.compile(r"[\u0E01-\u0E5B]")

Status = Literal["ok", "missing", "malformed", "check", "not_applicable"]


@dataclass(frozen=True)
class Ingredient:
    name: str
    percent: float | None = None


@dataclass(frozen=True)
class Additive:
    name: str
    function: str = ""
    ins: str = ""


@dataclass(frozen=True)
class FoodLabel:
    """What the label shows. ``allergens_contained`` is the producer's word on the recipe;
    ``allergens_declared`` the groups the label's allergen statement names (codes or Thai names);
    ``date_shows_day`` is true when the printed date has day, month and year."""

    product_name: str = ""
    fda_number: str = ""
    fda_number_in_mark: bool = False
    business_role: str = "maker"
    business_name: str = ""
    business_address: str = ""
    country_of_origin: str = ""
    net_quantity: float | None = None
    net_unit: str = ""
    ingredients: tuple[Ingredient, ...] = ()
    allergens_contained: frozenset[str] = field(default_factory=frozenset)
    allergens_declared: frozenset[str] = field(default_factory=frozenset)
    additives: tuple[Additive, ...] = ()
    date_phrase: str = ""
    date_shows_day: bool = False
    shelf_life_days: int | None = None
    needs_storage_instructions: bool = False
    storage_instructions: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FoodLabel:
        """From stored JSON (what ``to_dict`` wrote, or a form's cleaned data); unknown keys are ignored."""
        def number(value, kind=float):
            return None if value in (None, "") else kind(value)

        return cls(
            product_name=str(data.get("product_name") or ""), fda_number=str(data.get("fda_number") or ""),
            fda_number_in_mark=bool(data.get("fda_number_in_mark")),
            business_role=str(data.get("business_role") or "maker"),
            business_name=str(data.get("business_name") or ""), business_address=str(data.get("business_address") or ""),
            country_of_origin=str(data.get("country_of_origin") or ""),
            net_quantity=number(data.get("net_quantity")), net_unit=str(data.get("net_unit") or ""),
            ingredients=tuple(Ingredient(str(i.get("name") or ""), number(i.get("percent")))
                              for i in data.get("ingredients") or ()),
            allergens_contained=frozenset(data.get("allergens_contained") or ()),
            allergens_declared=frozenset(data.get("allergens_declared") or ()),
            additives=tuple(Additive(str(a.get("name") or ""), str(a.get("function") or ""), str(a.get("ins") or ""))
                            for a in data.get("additives") or ()),
            date_phrase=str(data.get("date_phrase") or ""), date_shows_day=bool(data.get("date_shows_day")),
            shelf_life_days=number(data.get("shelf_life_days"), int),
            needs_storage_instructions=bool(data.get("needs_storage_instructions")),
            storage_instructions=str(data.get("storage_instructions") or ""),
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["allergens_contained"] = sorted(self.allergens_contained)
        data["allergens_declared"] = sorted(self.allergens_declared)
        data["ingredients"], data["additives"] = list(data["ingredients"]), list(data["additives"])
        return data


@dataclass(frozen=True)
class CheckItem:
    rule_id: str
    element: str
    status: Status
    message_th: str
    message_en: str


@dataclass(frozen=True)
class LabelChecklist:
    rules_version: str
    items: tuple[CheckItem, ...]

    @property
    def problems(self) -> tuple[CheckItem, ...]:
        return tuple(i for i in self.items if i.status in ("missing", "malformed"))

    @property
    def hints(self) -> tuple[CheckItem, ...]:
        return tuple(i for i in self.items if i.status == "check")

    @property
    def compliant(self) -> bool:
        return not self.problems

    def rule_ids(self, *statuses: Status) -> list[str]:
        return [i.rule_id for i in self.items if not statuses or i.status in statuses]


@dataclass(frozen=True)
class _Rule:
    id: str
    element: str
    title_th: str
    title_en: str


@cache
def label_rules() -> dict[str, Any]:
    return load_json(RULES_FILE)


def is_fda_number(text: str, rules: dict[str, Any] | None = None) -> bool:
    """The 13-digit ``XX-X-XXXXX-X-XXXX`` format (no check digit is documented)."""
    return re.fullmatch((rules or label_rules())["fda_number"]["pattern"], text.strip()) is not None


def normalise_ins(text: str) -> str:
    return re.sub(r"^ins", "", re.sub(r"\s+", "", text).lower())


def suggest_allergens(ingredients: Iterable[Ingredient], rules: dict[str, Any] | None = None) -> dict[str, tuple[str, ...]]:
    """Allergen group code → ingredient names whose words hint at it (for a person to confirm)."""
    rules = rules or label_rules()
    found: dict[str, list[str]] = {}
    for ingredient in ingredients:
        for group in rules["allergen_groups"]:
            text = ingredient.name.lower()
            for word in group["not_keywords"]:
                text = text.replace(word.lower(), " ")
            if any(k.lower() in text for k in group["keywords"]):
                found.setdefault(group["code"], []).append(ingredient.name)
    return {k: tuple(v) for k, v in found.items()}


def check_label(label: FoodLabel, rules: dict[str, Any] | None = None) -> LabelChecklist:
    rules = rules or label_rules()
    by_id = {r["id"]: _Rule(r["id"], r["element"], r["title_th"], r["title_en"]) for r in rules["rules"]}
    checks = {
        "FL01": _thai_language, "FL02": _product_name, "FL03": _fda_number, "FL04": _fda_format,
        "FL05": _fda_mark, "FL06": _business_name, "FL07": _business_address, "FL08": _country,
        "FL09": _net_content, "FL10": _net_unit, "FL11": _ingredients, "FL12": _ingredient_percent,
        "FL13": _ingredient_total, "FL14": _ingredient_order, "FL15": _allergens, "FL16": _additive_class,
        "FL17": _additive_ins, "FL18": _date_phrase, "FL19": _date_precision, "FL20": _storage,
    }
    if set(checks) != set(by_id):
        raise ValueError(f"label rules {rules['version']} and the checker disagree: {sorted(set(checks) ^ set(by_id))}")
    items: list[CheckItem] = []
    for rule_id, check in checks.items():
        rule = by_id[rule_id]
        found = check(label, rules)
        if found is None:
            items.append(CheckItem(rule.id, rule.element, "ok", f"ผ่าน: {rule.title_th}", f"OK: {rule.title_en}"))
        elif found == "n/a":
            items.append(CheckItem(rule.id, rule.element, "not_applicable",
                                   f"ไม่ต้องตรวจ: {rule.title_th}", f"Not applicable: {rule.title_en}"))
        else:
            items += [CheckItem(rule.id, rule.element, status, th, en) for status, th, en in found]
    return LabelChecklist(rules["version"], tuple(items))


Found = list[tuple[Status, str, str]] | Literal["n/a"] | None


def _missing(th: str, en: str) -> list[tuple[Status, str, str]]:
    return [("missing", th, en)]


def _malformed(th: str, en: str) -> list[tuple[Status, str, str]]:
    return [("malformed", th, en)]


def _thai_language(label: FoodLabel, rules: dict[str, Any]) -> Found:
    texts = [("ชื่ออาหาร", "product name", label.product_name)]
    texts += [("ส่วนประกอบ", "ingredient", i.name) for i in label.ingredients]
    texts += [("คำแนะนำในการเก็บรักษา", "storage instructions", label.storage_instructions)]
    found = [("malformed", f"{th} \"{text.strip()}\" ไม่มีข้อความภาษาไทย", f"{en} {text.strip()!r} has no Thai text")
             for th, en, text in texts if text.strip() and not THAI_SCRIPT.search(text)]
    return found or None


def _product_name(label: FoodLabel, rules: dict[str, Any]) -> Found:
    return None if label.product_name.strip() else _missing("ไม่มีชื่ออาหาร", "the food has no name")


def _fda_number(label: FoodLabel, rules: dict[str, Any]) -> Found:
    return None if label.fda_number.strip() else _missing("ไม่มีเลขสารบบอาหาร (อย.)", "no food serial number")


def _fda_format(label: FoodLabel, rules: dict[str, Any]) -> Found:
    number = label.fda_number.strip()
    if not number:
        return "n/a"
    if is_fda_number(number, rules):
        return None
    digits = re.sub(r"\D", "", number)
    hint = (f" ควรแสดงเป็น {digits[:2]}-{digits[2]}-{digits[3:8]}-{digits[8]}-{digits[9:]}"
            if len(digits) == 13 else f" มีตัวเลข {len(digits)} หลัก ต้องมี 13 หลัก")
    return _malformed(f"เลขสารบบอาหาร \"{number}\" ไม่อยู่ในรูปแบบ XX-X-XXXXX-X-XXXX{hint}",
                      f"serial number {number!r} is not XX-X-XXXXX-X-XXXX ({len(digits)} digits)")


def _fda_mark(label: FoodLabel, rules: dict[str, Any]) -> Found:
    if not label.fda_number.strip():
        return "n/a"
    return None if label.fda_number_in_mark else _missing(
        "เลขสารบบอาหารต้องอยู่ในกรอบเครื่องหมาย อย.", "the serial number is not inside the อย. mark")


def _role(label: FoodLabel, rules: dict[str, Any]) -> dict[str, Any] | None:
    return next((r for r in rules["business_roles"] if r["code"] == label.business_role), None)


def _business_name(label: FoodLabel, rules: dict[str, Any]) -> Found:
    role = _role(label, rules)
    if role is None:
        codes = ", ".join(r["code"] for r in rules["business_roles"])
        return _malformed(f"ไม่รู้จักบทบาทผู้ประกอบการ \"{label.business_role}\" (ใช้ {codes})",
                          f"unknown business role {label.business_role!r} (use {codes})")
    if not label.business_name.strip():
        return _missing(f"ไม่มีชื่อ{role['name_th']}", f"no name of the {role['name_en']}")
    return None


def _business_address(label: FoodLabel, rules: dict[str, Any]) -> Found:
    role = _role(label, rules) or {"name_th": "ผู้ผลิต", "name_en": "manufacturer"}
    return None if label.business_address.strip() else _missing(
        f"ไม่มีที่ตั้งของ{role['name_th']}", f"no address of the {role['name_en']}")


def _country(label: FoodLabel, rules: dict[str, Any]) -> Found:
    role = _role(label, rules)
    if role is None or not role["needs_country_of_origin"]:
        return "n/a"
    return None if label.country_of_origin.strip() else _missing(
        "อาหารนำเข้าต้องแสดงประเทศผู้ผลิต", "imported food must show the country of manufacture")


def _net_content(label: FoodLabel, rules: dict[str, Any]) -> Found:
    if label.net_quantity is None:
        return _missing("ไม่มีปริมาณสุทธิ (น้ำหนักสุทธิหรือปริมาตรสุทธิ)", "no net content")
    if label.net_quantity <= 0:
        return _malformed(f"ปริมาณสุทธิ {label.net_quantity:g} ต้องมากกว่าศูนย์", "net content must be positive")
    return None


def _net_unit(label: FoodLabel, rules: dict[str, Any]) -> Found:
    if label.net_quantity is None:
        return "n/a"
    unit = label.net_unit.strip()
    if not unit:
        return _missing("ปริมาณสุทธิไม่มีหน่วย", "net content has no unit")
    if unit not in {u["unit"] for u in rules["metric_units"]}:
        return _malformed(f"หน่วย \"{unit}\" ไม่ใช่ระบบเมตริก (ใช้ กรัม กิโลกรัม มิลลิลิตร หรือ ลิตร)",
                          f"unit {unit!r} is not metric")
    return None


def _ingredients(label: FoodLabel, rules: dict[str, Any]) -> Found:
    if not [i for i in label.ingredients if i.name.strip()]:
        return _missing("ไม่มีส่วนประกอบ", "no ingredients")
    blank = sum(1 for i in label.ingredients if not i.name.strip())
    return _malformed(f"ส่วนประกอบ {blank} รายการไม่มีชื่อ", f"{blank} ingredients have no name") if blank else None


def _ingredient_percent(label: FoodLabel, rules: dict[str, Any]) -> Found:
    if not label.ingredients:
        return "n/a"
    found: list[tuple[Status, str, str]] = []
    for i in label.ingredients:
        if i.percent is None:
            found.append(("missing", f"ส่วนประกอบ \"{i.name}\" ไม่มีร้อยละโดยน้ำหนัก", f"ingredient {i.name!r} has no percentage"))
        elif not 0 < i.percent <= 100:
            found.append(("malformed", f"ส่วนประกอบ \"{i.name}\" ร้อยละ {i.percent:g} ต้องมากกว่า 0 และไม่เกิน 100",
                          f"ingredient {i.name!r}: {i.percent:g}% is outside (0, 100]"))
    return found or None


def _shares(label: FoodLabel) -> list[float] | None:
    if not label.ingredients or any(i.percent is None for i in label.ingredients):
        return None
    return [float(i.percent) for i in label.ingredients]


def _ingredient_total(label: FoodLabel, rules: dict[str, Any]) -> Found:
    shares = _shares(label)
    if shares is None:
        return "n/a"
    total, target, tolerance = sum(shares), rules["ingredient_total_percent"], rules["ingredient_total_tolerance_points"]
    if abs(total - target) > tolerance:
        return _malformed(f"ร้อยละของส่วนประกอบรวมกันได้ {total:g} ต้องประมาณ {target:g} (คลาดได้ไม่เกิน ±{tolerance:g})",
                          f"ingredient shares add up to {total:g}, not {target:g} ± {tolerance:g}")
    return None


def _ingredient_order(label: FoodLabel, rules: dict[str, Any]) -> Found:
    shares = _shares(label)
    if shares is None:
        return "n/a"
    found = [("malformed", f"\"{b.name}\" ({b.percent:g}%) มากกว่า \"{a.name}\" ({a.percent:g}%) ที่อยู่ก่อน: เรียงจากมากไปน้อย",
              f"{b.name!r} ({b.percent:g}%) exceeds the preceding {a.name!r} ({a.percent:g}%)")
             for a, b in zip(label.ingredients, label.ingredients[1:]) if b.percent > a.percent]
    return found or None


def _allergen_code(text: str, rules: dict[str, Any]) -> str | None:
    wanted = text.strip().lower()
    for group in rules["allergen_groups"]:
        if wanted in (group["code"], group["name_th"].lower(), group["name_en"].lower()):
            return group["code"]
    return None


def _allergens(label: FoodLabel, rules: dict[str, Any]) -> Found:
    names = {g["code"]: g["name_th"] for g in rules["allergen_groups"]}
    found: list[tuple[Status, str, str]] = []
    declared, contained = set(), set()
    for source, target in ((label.allergens_declared, declared), (label.allergens_contained, contained)):
        for text in source:
            code = _allergen_code(text, rules)
            if code is None:
                found.append(("malformed", f"ไม่รู้จักกลุ่มสารก่อภูมิแพ้ \"{text}\"", f"unknown allergen group {text!r}"))
            else:
                target.add(code)
    found += [("missing", f"ข้อมูลสำหรับผู้แพ้อาหารไม่ได้แสดง \"{names[c]}\" ที่มีในสูตร",
               f"the allergen statement omits {c}, which the recipe contains")
              for c in names if c in contained - declared]
    for code, ingredients in suggest_allergens(label.ingredients, rules).items():
        if code not in declared | contained:
            listed = ", ".join(ingredients)
            found.append(("check", f"ส่วนประกอบ {listed} อาจมี \"{names[code]}\": ตรวจสอบและแสดงในข้อมูลสำหรับผู้แพ้อาหาร",
                          f"ingredients {listed} may contain {code}: confirm and declare"))
    return found or None


def _additive_class_of(text: str, rules: dict[str, Any]) -> dict[str, Any] | None:
    wanted = text.strip().lower()
    for cls in rules["additive_classes"]:
        if wanted in (cls["code"], cls["name_en"].lower()) or wanted.startswith(cls["name_th"].lower()):
            return cls
    return None


def _additive_class(label: FoodLabel, rules: dict[str, Any]) -> Found:
    if not label.additives:
        return "n/a"
    found: list[tuple[Status, str, str]] = []
    for a in label.additives:
        if not a.function.strip():
            found.append(("missing", f"วัตถุเจือปนอาหาร \"{a.name}\" ไม่มีชื่อกลุ่มหน้าที่ (เช่น วัตถุกันเสีย)",
                          f"additive {a.name!r} has no functional class"))
        elif _additive_class_of(a.function, rules) is None:
            found.append(("malformed", f"วัตถุเจือปนอาหาร \"{a.name}\": ไม่รู้จักกลุ่มหน้าที่ \"{a.function}\"",
                          f"additive {a.name!r}: unknown functional class {a.function!r}"))
    return found or None


def _additive_ins(label: FoodLabel, rules: dict[str, Any]) -> Found:
    if not label.additives:
        return "n/a"
    found: list[tuple[Status, str, str]] = []
    for a in label.additives:
        cls = _additive_class_of(a.function, rules)
        if cls is not None and not cls["ins_required"] and not a.ins.strip():
            continue
        if not a.ins.strip():
            found.append(("missing", f"วัตถุเจือปนอาหาร \"{a.name}\" ไม่มีเลข INS", f"additive {a.name!r} has no INS number"))
        elif not re.fullmatch(rules["ins_pattern"], normalise_ins(a.ins)):
            found.append(("malformed", f"วัตถุเจือปนอาหาร \"{a.name}\": เลข INS \"{a.ins}\" ไม่ถูกต้อง (เช่น 211, 150d, 160a(ii))",
                          f"additive {a.name!r}: {a.ins!r} is not an INS number"))
    return found or None


def _date_phrase(label: FoodLabel, rules: dict[str, Any]) -> Found:
    phrase = label.date_phrase.strip()
    allowed = [p["text"] for p in rules["date_phrases"]]
    if not phrase:
        return _missing("ไม่มีข้อความ \"ควรบริโภคก่อน\" หรือ \"หมดอายุ\" พร้อมวันที่", "no best-before or expiry date")
    if phrase not in allowed:
        return _malformed(f"ข้อความวันที่ \"{phrase}\" ต้องเป็น \"{allowed[0]}\" หรือ \"{allowed[1]}\"",
                          f"date phrase {phrase!r} is neither of {allowed}")
    return None


def _date_precision(label: FoodLabel, rules: dict[str, Any]) -> Found:
    if not label.date_phrase.strip():
        return "n/a"
    if label.date_shows_day:
        return None
    limit = rules["shelf_life_day_month_year_max_days"]
    if label.shelf_life_days is None:
        return _missing(f"วันที่แสดงเพียงเดือนและปี: ระบุอายุการเก็บรักษา (วัน) เพื่อยืนยันว่าเกิน {limit} วัน",
                        f"month/year date: give the shelf life to confirm it exceeds {limit} days")
    if label.shelf_life_days <= limit:
        return _malformed(f"อาหารอายุ {label.shelf_life_days} วัน (ไม่เกิน {limit} วัน) ต้องแสดง วัน เดือน และปี",
                          f"shelf life {label.shelf_life_days} days ≤ {limit}: show day, month and year")
    return None


def _storage(label: FoodLabel, rules: dict[str, Any]) -> Found:
    if label.storage_instructions.strip():
        return None
    if not label.needs_storage_instructions:
        return "n/a"
    return _missing("ไม่มีคำแนะนำในการเก็บรักษา (เช่น เก็บในตู้เย็น)", "no storage instructions")
