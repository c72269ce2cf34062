"""Are the matters (重复举报) of a generated round about one thing each? (issue 15)

gen_corpus writes every tip-off and post from one of its TOPICS, so a matter whose signals
come from different topics is a wrong group. A wrong group is a silent error: a missed signal
takes the answer of a covered one of its matter.

    cargo run --release --example gen_corpus -- --out /tmp/c200 --reports 200 --tipoffs 25000 --sentiment 5000 --seed 1
    cargo run --release -- round -q --out /tmp/c200-out /tmp/c200
    python3 benches/matter_purity.py /tmp/c200-out /tmp/c200 [N]    # N: show N mixed matters
"""
import collections
import csv
import json
import os
import re
import sys

out, corpus = sys.argv[1], sys.argv[2]
show = int(sys.argv[3]) if len(sys.argv) > 3 else 0
here = os.path.dirname(os.path.abspath(__file__))
src = open(os.path.join(here, '..', 'examples', 'gen_corpus.rs'), encoding='utf8').read()
block = src[src.index('pub const TOPICS'):]
topics = re.findall(r'\("([^"]+)", "([^"]+)", "[^"]+"\)', block[:block.index('];')])


def topic(text):
    """The topic whose sample content the text carries (None when none or several do)."""
    hits = [label for label, content in topics if content[:6] in text]
    return hits[0] if len(hits) == 1 else None


texts = {}
for name, columns in [('tipoffs.csv', ['反映内容']), ('sentiment.csv', ['标题', '摘要'])]:
    with open(os.path.join(corpus, 'signals', name), encoding='utf8') as f:
        rows = list(csv.reader(f))
    cols = [rows[0].index(c) for c in columns]
    for r in rows[1:]:
        texts[r[0]] = ' '.join(r[i] for i in cols)

d = json.load(open(os.path.join(out, 'round.json'), encoding='utf8'))
matters = mixed = grouped = off = 0
examples = []
for u in d['rounds'][0]['divergence']['units']:
    by = collections.defaultdict(list)
    for s in u['signals']:
        if s.get('matter'):
            by[s['matter']].append(s['id'])
    for ids in by.values():
        matters += 1
        known = [t for t in (topic(texts.get(i, '')) for i in ids) if t]
        if not known:
            continue
        major = collections.Counter(known).most_common(1)[0][1]
        grouped += len(known)
        off += len(known) - major
        if major < len(known):
            mixed += 1
            examples.append(ids)
print(f'matters {matters}, mixing topics {mixed}; grouped signals of a known topic {grouped}, '
      f'off their matter\'s topic {off} ({100 * off / max(grouped, 1):.1f} %)')
for ids in examples[:show]:
    print('---')
    for i in ids[:8]:
        print('   ', topic(texts[i]), texts[i][:90])
