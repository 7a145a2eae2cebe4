# Independent check of `mmoe reproduce` (not used by the build or the tests).
#
# A plain re-implementation of the MMoE reference fusion script (lwaekfjlk/mmodel-soup, expert_fusion/fusion.py) over
# the released files, in pure Python with no dependencies. The expected values pinned in
# tests/Mmoe.Tests/Reference/{Mustard,Mmsd,UrFunny}ReferenceTests.cs were computed with it, never with the C# code.
# Semantics: a repeated id keeps its last line (the reference reads logits into a dict); logits rows longer than
# [no, yes] (BLIP-2's URFunny experts) are cut to their first two; subsets come from the categorizer when both
# unimodal prediction files exist, else from the released split files (an id in several takes the last of AS, R, U).
#
#   python3 docs/verify_reference.py ../shared/data/mmoe-reference mmsd qwen-1.5b
import json, math, os, sys

def load_jsonl(path):
    out = {}
    with open(path) as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                out[r['image_id']] = r  # last line of an id wins, as in the reference's dict
    return out

def tobool(v):
    return bool(v)

def metrics(pairs):
    tp = sum(1 for y, p in pairs if y and p); fp = sum(1 for y, p in pairs if not y and p)
    fn = sum(1 for y, p in pairs if y and not p); tn = len(pairs) - tp - fp - fn
    prec = tp / (tp + fp) if tp + fp else 0.0; rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return dict(f1=f1, precision=prec, recall=rec, accuracy=(tp + tn) / len(pairs), n=len(pairs))

def two(l):  # [no, yes]; extra entries (blip2 urfunny carries 3) are dropped
    return [float(l[0]), float(l[1])]

def argmax(v):
    best = 0
    for i in range(1, len(v)):
        if v[i] > v[best]: best = i
    return best

def softmax(v):
    m = max(v); e = [math.exp(x - m) for x in v]; s = sum(e); return [x / s for x in e]

def main(root, ds, model, split='test'):
    d = os.path.join(root, ds)
    ed = os.path.join(d, 'expert_inference_output', f'expert_{model}')
    experts = {}
    for t in ['R', 'U', 'AS']:
        p = os.path.join(ed, f'{ds}_{t}_logits.jsonl')
        if os.path.exists(p): experts[t] = load_jsonl(p)
    bp = os.path.join(ed, f'{ds}_baseline_logits.jsonl')
    base = load_jsonl(bp) if os.path.exists(bp) else None
    first = next(iter(experts.values())) if experts else base
    ids = list(first)
    target = {i: tobool(first[i]['target']) for i in ids}
    rp = os.path.join(ed, f'{ds}_rus_logits.jsonl')
    rus = load_jsonl(rp) if os.path.exists(rp) else None
    # subsets
    ip = os.path.join(d, 'data_gen_output', f'{ds}_image_only_pred_cogvlm2.json')
    tp = os.path.join(d, 'data_gen_output', f'{ds}_text_only_pred_qwen2.json')
    uni = None
    if os.path.exists(ip) and os.path.exists(tp):
        img = json.load(open(ip)); txt = json.load(open(tp))
        raw = json.load(open(os.path.join(d, 'data_raw', f'{ds}_dataset_{split}.json')))
        lab = {k: tobool(v.get('sarcasm', v.get('label'))) for k, v in raw.items()}
        typ = {}
        for i in ids:
            if i in img and i in txt:
                y1 = tobool(img[i]['pred']); y2 = tobool(txt[i]['pred']); y = lab.get(i, target[i])
                typ[i] = 'U' if y1 != y2 else ('R' if y1 == y else 'AS')
        uni = {i: (tobool(img[i]['pred']), tobool(txt[i]['pred'])) for i in ids if i in img and i in txt}
        source = 'categorizer'
    else:
        typ = {}
        for t in ['AS', 'R', 'U']:
            p = os.path.join(d, 'data_split_output', f'{ds}_{t}_dataset_{split}_cogvlm2_qwen2.json')
            if os.path.exists(p):
                for k in json.load(open(p)): typ[k] = t
        source = 'splits'
    res = {'source': source, 'n': len(ids), 'strategies': {}, 'per': {}}
    S = res['strategies']
    if base: S['baseline'] = metrics([(target[i], argmax(two(base[i]['logits'])) == 1) for i in ids])
    if len(experts) == 3:
        L = {i: {t: two(experts[t][i]['logits']) for t in ['R', 'U', 'AS']} for i in ids}
        if rus:
            def fr(i):
                w = softmax([rus[i]['logits'][t] for t in ['R', 'U', 'AS']])
                sp = [softmax(L[i][t]) for t in ['R', 'U', 'AS']]
                return argmax([sum(w[k] * sp[k][c] for k in range(3)) for c in range(2)]) == 1
            S['rus'] = metrics([(target[i], fr(i)) for i in ids])
        typed = [i for i in ids if i in typ]
        S['oracle'] = metrics([(target[i], argmax(L[i][typ[i]]) == 1) for i in typed])
        if uni is not None:
            def ua(i):
                y1, y2 = uni[i]
                if y1 == y2:
                    r = softmax(L[i]['R']); a = softmax(L[i]['AS']); return argmax([r[0] + a[0], r[1] + a[1]]) == 1
                return argmax(L[i]['U']) == 1
            S['unimodal_augmented'] = metrics([(target[i], ua(i)) for i in ids if i in uni])
        S['average'] = metrics([(target[i], argmax([sum(L[i][t][c] for t in L[i]) / 3 for c in range(2)]) == 1) for i in ids])
        S['max'] = metrics([(target[i], argmax([max(L[i][t][c] for t in L[i]) for c in range(2)]) == 1) for i in ids])
        S['softmax'] = metrics([(target[i], argmax([sum(softmax(L[i][t])[c] for t in L[i]) / 3 for c in range(2)]) == 1) for i in ids])
        for th in [0.5, 0.6, 0.7, 0.8, 0.9]:
            def cas(i):
                r = softmax(L[i]['R']); u = softmax(L[i]['U']); a = softmax(L[i]['AS'])
                if max(r) > th and max(u) > th:
                    return argmax(r if max(r) > max(u) else u) == 1
                return argmax(a) == 1
            S[f'cascaded({th})'] = metrics([(target[i], cas(i)) for i in ids])
    for t in ['R', 'U', 'AS']:
        if t not in experts: continue
        sub = [i for i in ids if typ.get(i) == t]
        e = lambda i: argmax(two(experts[t][i]['logits'])) == 1
        res['per'][t] = dict(n=len(sub),
            expert_on_subset=metrics([(target[i], e(i)) for i in sub])['f1'] if sub else None,
            baseline_on_subset=metrics([(target[i], argmax(two(base[i]['logits'])) == 1) for i in sub])['f1'] if sub and base else None,
            expert_on_all=metrics([(target[i], e(i)) for i in ids])['f1'])
    return res

if __name__ == '__main__':
    r = main(*sys.argv[1:4])
    print(sys.argv[2], sys.argv[3], r['source'], r['n'])
    for k, v in r['strategies'].items():
        print(f"  {k:20s} f1={v['f1']:.4f} p={v['precision']:.4f} r={v['recall']:.4f} acc={v['accuracy']:.4f} n={v['n']}")
    for k, v in r['per'].items():
        f = lambda x: '-' if x is None else f'{x:.4f}'
        print(f"  per {k:3s} n={v['n']} expert_on_subset={f(v['expert_on_subset'])} baseline_on_subset={f(v['baseline_on_subset'])} expert_on_all={f(v['expert_on_all'])}")
