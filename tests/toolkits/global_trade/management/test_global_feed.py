"""`uplift global-feed`: a scheduled feed file, read through the access policy as --user."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from uplift.toolkits.global_trade import actions

from ..conftest import BATIK, photo, upload


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("global_feed", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_feed_is_written_and_the_left_out_named(world, gt, tmp_path):
    listing = actions.listing_create(actor=world.consultant, enrolment=gt.phuket, product=gt.batik, data=BATIK)
    actions.listing_image_add(actor=world.consultant, listing=listing, upload=upload(photo(400, 400)))
    out, err = run("--enrolment", str(gt.phuket.pk), "--target", "google_merchant", "--format", "tsv",
                   "--base-url", "https://uplift.example/", "--user", "consultant")
    assert list(csv.DictReader(io.StringIO(out), delimiter="\t")) == []
    assert "google_merchant: 0 included, 1 left out" in err
    assert "รูปสินค้าขนาด 400×400 #1 เล็กกว่าขั้นต่ำ 500×500 พิกเซล" in err
    target = tmp_path / "shopee.xlsx"
    run("--enrolment", str(gt.phuket.pk), "--target", "shopee_th", "--format", "xlsx", "--base-url",
        "https://uplift.example", "--output", str(target), "--user", "consultant")
    assert target.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("args, message", [
    (["--user", "owner"], "No activity 1 enrolment"),
    (["--user", "consultant", "--format", "xml", "--target", "shopee_th"], "--format for shopee_th"),
    ([], "--user"),
])
def test_refusals(world, gt, args, message):
    base = {"--enrolment": str(gt.phuket.pk), "--target": "google_merchant", "--format": "tsv",
            "--base-url": "https://uplift.example"}
    for flag in args[::2]:
        base.pop(flag, None)
    with pytest.raises(CommandError, match=message):
        run(*[x for pair in base.items() for x in pair], *args)
