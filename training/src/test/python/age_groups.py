"""Age groups on UTK of every age (issue 19 item 4, children): face-api's age, the adult-only
FaceRes age head, their hierarchical combinations and a head trained on all ages.

DIR holds: feat/ (experiments.AgeFeatures: the adults' face-api ages), cache/ (train-head
--backbone faceres feature caches: the adults' feats256), young/ (experiments.YoungAgeFeatures:
the faces under 20) and probs/ (the age head's probabilities, see dump).

  python3 age_groups.py DIR dump SIDE        writes probs/SIDE.feats.f32; then run
      experiments.HeadProbabilities age-head-faceres.onnx probs/SIDE.feats.f32 probs/SIDE.probs.f32
  python3 age_groups.py DIR validation       every combination, and the all-ages head (needs fit)
  python3 age_groups.py DIR test             the old default against the chosen one, once

SIDE: fit, validation, test (train-head's file splits; the adults' validation is train-head's
half sample of the validation part, the faces under 20 all of it).
"""
import csv, glob, os, struct, sys
import numpy as np
from scipy.optimize import minimize
from scipy.stats import norm

B = np.array([13, 20, 30, 40, 50, 60])
CHOSEN_WEIGHT = 0.75  # AgeGroups.ADULT_HEAD_WEIGHT


def group(age):
    return np.searchsorted(B, age, side='right')


def read_cache(path):
    """train-head's feature cache (FeatureCache format 2): rows and their first feature vector."""
    b = open(path, 'rb').read()
    o = 4

    def utf(o):
        n = struct.unpack('>H', b[o:o + 2])[0]
        return b[o + 2:o + 2 + n].decode('utf-8', 'replace'), o + 2 + n

    _, o = utf(o)
    n = struct.unpack('>i', b[o:o + 4])[0]
    o += 4
    rows, feats = [], []
    for _ in range(n):
        t = []
        for _ in range(8):
            s, o = utf(o)
            t.append(s)
        det, usable = b[o], b[o + 1]
        o += 2 + 4
        fs = []
        for _ in range(2):
            m = struct.unpack('>i', b[o:o + 4])[0]
            o += 4
            fs.append(np.frombuffer(b[o:o + 4 * m], dtype='>f4'))
            o += 4 * m
        rows.append(dict(file=t[0], variant=t[1], det=det, usable=usable))
        feats.append(fs[0])
    return rows, feats


def adults(d, side):
    rows = list(csv.DictReader(open(f'{d}/feat/utk_{side}.csv')))
    cr, cf = read_cache(glob.glob(f'{d}/cache/faceres_utk_{side}-*.features')[0])
    index = {(r['file'], r['variant']): i for i, r in enumerate(cr)}
    out, feats = [], []
    for r in rows:
        j = index.get((r['file'], r['variant']))
        if j is not None and r['usable'] == 'true' and cr[j]['usable'] and cr[j]['det']:
            out.append((r['file'], r['variant'], float(r['age']), float(r['faceapi_age'])))
            feats.append(cf[j])
    return out, np.stack(feats)


def young(d, side):
    rows = list(csv.DictReader(open(f'{d}/young/young_{side}.csv')))
    f = np.fromfile(f'{d}/young/young_{side}.feats256.f32', dtype='>f4').reshape(len(rows), 256)
    keep = [i for i, r in enumerate(rows) if r['usable'] == 'true' and r['faceres_usable'] == 'true']
    return [(rows[i]['file'], rows[i]['variant'], float(rows[i]['age']),
             float(rows[i]['faceapi_age'])) for i in keep], f[keep]


def load(d, side):
    a, fa = adults(d, side)
    y, fy = young(d, side)
    rows = a + y
    return dict(F=np.vstack([fa, fy]).astype(np.float64),
                y=group(np.array([r[2] for r in rows])),
                faage=np.array([r[3] for r in rows]),
                masked=np.array([r[1] != 'original' for r in rows]))


def face_api_groups(age, sigma=6):
    """AgeGroups.distribution."""
    c = norm.cdf((B[None, :] - age[:, None]) / sigma)
    return np.diff(np.hstack([np.zeros((len(age), 1)), c, np.ones((len(age), 1))]), axis=1)


def with_adult_head(fa, head, weight):
    """AgeGroups.withAdultHead."""
    split = np.exp((1 - weight) * np.log(fa[:, 2:] + 1e-12) + weight * np.log(head[:, 2:] + 1e-12))
    split /= split.sum(1, keepdims=True)
    out = fa.copy()
    out[:, 2:] = (1 - fa[:, :2].sum(1))[:, None] * split
    return out


def metrics(pred, y):
    child = y == 0
    return dict(n=len(y), exact=(pred == y).mean(), within_one=(abs(pred - y) <= 1).mean(),
                adult_exact=(pred[y >= 2] == y[y >= 2]).mean(),
                adult_within_one=(abs(pred[y >= 2] - y[y >= 2]) <= 1).mean(),
                child_recall=(pred[child] == 0).mean(), teen_recall=(pred[y == 1] == 1).mean(),
                child_tp_fn_fp_tn=[int(((pred == 0) & child).sum()), int(((pred != 0) & child).sum()),
                                   int(((pred == 0) & ~child).sum()), int(((pred != 0) & ~child).sum())])


def show(tag, pred, data):
    rs = [metrics(pred[s], data['y'][s]) for s in (~data['masked'], data['masked'])]
    print(f"{tag:40s} mean exact {np.mean([r['exact'] for r in rs]):.3f} "
          f"within-one {np.mean([r['within_one'] for r in rs]):.3f}")
    for name, r in zip(('unmasked', 'synthetic-masked'), rs):
        print(f"  {name:17s} n={r['n']:4d} exact {r['exact']:.3f} within-one {r['within_one']:.3f}"
              f" | adults {r['adult_exact']:.3f}/{r['adult_within_one']:.3f}"
              f" | 0-12 recall {r['child_recall']:.3f} [TP,FN,FP,TN] {r['child_tp_fn_fp_tn']}"
              f" | 13-19 recall {r['teen_recall']:.3f}")


def softmax_fit(x, y, lam, k=7):
    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    onehot = np.eye(k)[y]

    def f(wf):
        w = wf.reshape(d + 1, k)
        s = xb @ w
        s -= s.max(1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(1, keepdims=True)
        loss = -np.log((p * onehot).sum(1) + 1e-12).mean() + lam / 2 * (w[:-1] ** 2).sum()
        g = xb.T @ (p - onehot) / n
        g[:-1] += lam * w[:-1]
        return loss, g.ravel()

    return minimize(f, np.zeros((d + 1) * k), jac=True, method='L-BFGS-B',
                    options={'maxiter': 500}).x.reshape(d + 1, k)


def head_probs(d, side, n):
    return np.fromfile(f'{d}/probs/{side}.probs.f32', dtype='>f4').reshape(n, 7).astype(np.float64)


def main():
    d, mode = sys.argv[1], sys.argv[2]
    if mode == 'dump':
        side = sys.argv[3]
        os.makedirs(f'{d}/probs', exist_ok=True)
        load(d, side)['F'].astype('>f4').tofile(f'{d}/probs/{side}.feats.f32')
        return
    side = 'validation' if mode == 'validation' else 'test'
    data = load(d, side)
    fa = face_api_groups(data['faage'])
    head = head_probs(d, side, len(data['y']))
    print(f"== {side}: {len(data['y'])} faces (0-12 {(data['y'] == 0).sum()}, "
          f"13-19 {(data['y'] == 1).sum()}, adults {(data['y'] >= 2).sum()})")
    show('face-api (old default)', fa.argmax(1), data)
    show('adult head alone', head.argmax(1), data)
    weights = [0, 0.25, 0.5, 0.6, 0.75, 0.9, 1.0] if mode == 'validation' else [CHOSEN_WEIGHT]
    for w in weights:
        show(f'hierarchical, head weight {w}', with_adult_head(fa, head, w).argmax(1), data)
    if mode == 'validation':
        gated = np.where(fa.argmax(1) < 2, fa.argmax(1), 2 + head[:, 2:].argmax(1))
        show('face-api gate, head argmax for adults', gated, data)
        fit = load(d, 'fit')
        mu, sd = fit['F'].mean(0), fit['F'].std(0) + 1e-6
        for lam in [1e-3, 1e-2, 3e-2, 1e-1]:
            w = softmax_fit((fit['F'] - mu) / sd, fit['y'], lam)
            x = (data['F'] - mu) / sd
            show(f'head trained on all ages, lambda {lam}',
                 (np.hstack([x, np.ones((len(x), 1))]) @ w).argmax(1), data)


if __name__ == '__main__':
    main()
