#!/usr/bin/env python3
"""Offline analysis behind the sex head choices (numpy only; not part of the build).

Reads the output of the ViewFeatures tool (training/README.md, "Experiments"):
  java -cp "$CP" io.headcount.training.experiments.ViewFeatures \
      DIR utkface 2 ; ... DIR rmfd_celeb 1 ; ... DIR masked_real 0
and trains the heads compared in the README on the same split as train-head (seed 20261128,
75 % of the UTKFace identities). `validate` compares the options on validation faces only (20 % of
the training identities, split as HeadTrainer does; RMFD celebrities with synthetic masks as a
second, East Asian, check: never trained on). `final` reports the chosen configurations on the
test sets, including the 251 real masked faces: run it once per final configuration, not to tune.

usage: view_heads.py DIR validate|final
"""
import sys
import numpy as np

SEED = 20261128
COLS = ['file', 'sex', 'age', 'race', 'identity', 'masked', 'variant', 'detected', 'usable', 'size']
MASK = (1 << 64) - 1


def split_train(identity, seed=SEED, share=0.75):
    """io.headcount.training.train.Split.isTrain"""
    h = (seed ^ 0x9E3779B97F4A7C15) & MASK
    for b in identity.encode():
        h = ((h ^ b) * 0x100000001B3) & MASK
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & MASK
    h ^= h >> 33
    return (h >> 11) / float(1 << 53) < share


def inner(identity):
    """Split.inner(): the validation part of the training side"""
    return split_train(identity, (SEED * 31 + 17) & MASK, 0.8)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def load(folder, name):
    rows = []
    for line in open(f'{folder}/{name}.tsv'):
        p = line.rstrip('\n').split('\t')
        d = dict(zip(COLS, p))
        d['usable'] = d['usable'] == 'true'
        d['fem'] = np.array([float(x) for x in p[10:16]])
        d['id'] = d['identity'] if d['identity'] not in ('', 'unknown') else d['file']
        rows.append(d)
    f = np.fromfile(f'{folder}/{name}.f32', '<f4').reshape(len(rows), -1).astype(np.float64)
    # 6 age/sex views (0.9, 0.9 mirrored, 1.0, 1.0 mirrored, 1.1, 1.1 mirrored), 2 expression views
    return rows, f[:, :6 * 512].reshape(len(rows), 6, 512), f[:, 6 * 512:].reshape(len(rows), 2, 256)


def prior(x, female):
    """face-api's sex layer is linear on the features: recover it from its answers (PriorHead)"""
    female = np.clip(female, 1e-6, 1 - 1e-6)
    w, *_ = np.linalg.lstsq(np.c_[x, np.ones(len(x))], np.log(female / (1 - female)), rcond=None)
    return w


def balanced(y):
    return np.where(y == 1, 0.5 / y.sum(), 0.5 / (len(y) - y.sum()))


def fit_lr(x, y, weights, lam, w0=None):
    """L2 logistic regression towards w0 on standardised features (LogisticRegression)"""
    mu, sd = x.mean(0), x.std(0) + 1e-6
    a = np.c_[(x - mu) / sd, np.ones(len(x))]
    p0 = np.r_[w0[:-1] * sd, w0[-1] + w0[:-1] @ mu] if w0 is not None else np.zeros(a.shape[1])
    w, weights = p0.copy(), weights / weights.sum()
    reg = np.eye(a.shape[1])
    reg[-1, -1] = 0
    for _ in range(30):
        p = sigmoid(a @ w)
        step = np.linalg.solve((a * (weights * p * (1 - p))[:, None]).T @ a + lam * reg,
                               a.T @ (weights * (p - y)) + lam * reg @ (w - p0))
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return np.r_[w[:-1] / sd, w[-1] - (w[:-1] / sd) @ mu]


def fit_mlp(x, y, weights, hidden, wd, drop, epochs=300, lr=3e-3, seed=1):
    """one hidden ReLU layer, full-batch Adam, input dropout"""
    rng = np.random.default_rng(seed)
    mu, sd = x.mean(0), x.std(0) + 1e-6
    z = (x - mu) / sd
    params = [rng.normal(0, np.sqrt(2 / z.shape[1]), (z.shape[1], hidden)), np.zeros(hidden),
              rng.normal(0, np.sqrt(1 / hidden), hidden), np.zeros(1)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    weights = weights / weights.sum()
    for t in range(1, epochs + 1):
        zi = z * (rng.random(z.shape) > drop) / (1 - drop) if drop else z
        h = np.maximum(0, zi @ params[0] + params[1])
        g = weights * (sigmoid(h @ params[2] + params[3][0]) - y)
        gh = np.outer(g, params[2]) * (h > 0)
        grads = [zi.T @ gh + wd * params[0], gh.sum(0), h.T @ g + wd * params[2], np.array([g.sum()])]
        for i, (p, gr) in enumerate(zip(params, grads)):
            m[i] = 0.9 * m[i] + 0.1 * gr
            v[i] = 0.999 * v[i] + 0.001 * gr * gr
            p -= lr * (m[i] / (1 - 0.9 ** t)) / (np.sqrt(v[i] / (1 - 0.999 ** t)) + 1e-8)
    w1 = params[0] / sd[:, None]
    b1 = params[1] - mu @ w1
    return lambda x: sigmoid(np.maximum(0, x @ w1 + b1) @ params[2] + params[3][0])


def curve(p, y, answerable, thresholds=(0.5, 0.6, 0.7, 0.8, 0.9, 0.95)):
    """accuracy / coverage per threshold as Curve does; coverage over all labelled faces"""
    c, ok, n = np.maximum(p, 1 - p), (p > 0.5) == (y == 1), len(y)
    rows = []
    for t in thresholds:
        m = answerable & (c >= t)
        rows.append((t, ok[m].mean() if m.any() else np.nan, m.sum() / n))
    need = int(np.ceil(0.7 * n))
    order = np.argsort(-np.where(answerable, c, -1))
    return rows, ok[order[:need]].mean() if answerable.sum() >= need else np.nan


def lin(w, x):
    return sigmoid(np.c_[x, np.ones(len(x))] @ w)


def labelled(r):
    return r['sex'] in ('male', 'female')


def main(folder, mode):
    utk = load(folder, 'utkface')
    cel = load(folder, 'rmfd_celeb')
    sets = {}

    def add(name, data, keep):
        rows, ag, ex = data
        ii = np.array([i for i, r in enumerate(rows) if labelled(r) and keep(r)])
        y = np.array([rows[i]['sex'] == 'female' for i in ii], dtype=float)
        a = np.array([rows[i]['usable'] for i in ii])
        sets[name] = (ag[ii], ex[ii], y, a)

    if mode == 'validate':
        train_side = lambda r: split_train(r['id']) and inner(r['id'])
        add('val_unmasked', utk, lambda r: split_train(r['id']) and not inner(r['id']) and r['variant'] == 'original')
        add('val_synthetic', utk, lambda r: split_train(r['id']) and not inner(r['id']) and r['variant'] == 'mask0')
    else:
        train_side = lambda r: split_train(r['id'])
        add('utk_test_unmasked', utk, lambda r: not split_train(r['id']) and r['variant'] == 'original')
        add('utk_test_synthetic', utk, lambda r: not split_train(r['id']) and r['variant'] == 'mask0')
    add('celeb_synthetic', cel, lambda r: r['variant'] == 'mask0')
    if mode == 'final':
        real = load(folder, 'masked_real')
        add('real_251', real, lambda r: True)
        add('real_crops', real, lambda r: '/crop_' in r['file'])
        add('real_web', real, lambda r: '/web_' in r['file'])

    rows, ag, ex = utk

    def training(variants):
        ii = np.array([i for i, r in enumerate(rows)
                       if labelled(r) and train_side(r) and r['usable'] and r['variant'] in variants])
        return ag[ii], ex[ii], np.array([rows[i]['sex'] == 'female' for i in ii], dtype=float), \
            np.array([rows[i]['fem'][2] for i in ii]), [rows[i] for i in ii]

    def show(name, predict):
        print('==', name)
        for k, (a, e, y, ok) in sets.items():
            res, at70 = curve(predict(a, e), y, ok)
            print(f'  {k:18s} n={len(y):4d} ' + ' '.join(f'{t:.2f}: {acc * 100:5.1f}/{cov * 100:5.1f}' for t, acc, cov in res)
                  + f' | best@70 {at70 * 100:5.1f}', flush=True)

    a1, e1, y1, f1, r1 = training(('original', 'mask0'))
    w0 = prior(a1[:, 2], f1)
    w0e = np.r_[w0[:-1], np.zeros(256), w0[-1]]
    show('face-api (1.0 crop)', lambda a, e: lin(w0, a[:, 2]))
    show('face-api, probabilities averaged over 6 views', lambda a, e: np.mean([lin(w0, a[:, v]) for v in range(6)], 0))
    if mode == 'validate':
        for lam in (0.03, 0.1, 0.3):
            w = fit_lr(a1[:, 2], y1, balanced(y1), lam, w0)
            show(f'linear, prior lambda {lam} (train-head as before)', lambda a, e: lin(w, a[:, 2]))
        for lam in (1e-3, 1e-2, 1e-1):
            w = fit_lr(a1[:, 2], y1, balanced(y1), lam)
            show(f'linear, towards zero lambda {lam}', lambda a, e: lin(w, a[:, 2]))
        for asian in (3.0, 6.0):
            for old in (1.0, 0.5):
                sw = balanced(y1) * np.array([(asian if r['race'] == 'asian' else 1) *
                                              (old if r['age'].isdigit() and int(r['age']) >= 60 else 1) for r in r1])
                for c in (0, 1):
                    sw[y1 == c] *= 0.5 / sw[y1 == c].sum()
                w = fit_lr(a1[:, 2], y1, sw, 0.1, w0)
                show(f'linear prior 0.1, asian x{asian}, 60+ x{old}', lambda a, e: lin(w, a[:, 2]))
        for hidden in (32, 128):
            for wd in (1e-3, 1e-2):
                for drop in (0.0, 0.2):
                    f = fit_mlp(a1[:, 2], y1, balanced(y1), hidden, wd, drop)
                    show(f'MLP {hidden} hidden, wd {wd}, input dropout {drop}', lambda a, e, f=f: f(a[:, 2]))
        w = fit_lr(a1[:, 2], y1, balanced(y1), 0.03, w0)
        show('linear 1.0, tested on flip-mean features', lambda a, e: lin(w, a[:, 2:4].mean(1)))
        show('linear 1.0, tested on 6-view mean features', lambda a, e: lin(w, a.mean(1)))
        show('linear 1.0, 6-view mean probabilities', lambda a, e: np.mean([lin(w, a[:, v]) for v in range(6)], 0))
        ya = np.repeat(y1, 6)
        wa = fit_lr(a1.reshape(-1, 512), ya, balanced(ya), 0.03, w0)
        show('linear trained on all 6 views as rows (crop-scale augmentation), 1.0', lambda a, e: lin(wa, a[:, 2]))
        show('same, 6-view mean features', lambda a, e: lin(wa, a.mean(1)))
        for lam in (0.03, 0.1):
            w = fit_lr(np.c_[a1[:, 2], e1[:, 0]], y1, balanced(y1), lam, w0e)
            show(f'age/sex + expression features, 1.0 crop, lambda {lam}', lambda a, e: lin(w, np.c_[a[:, 2], e[:, 0]]))
    for variants in ((('original', 'mask0'),) if mode == 'final' else (('original', 'mask0'), ('original', 'mask0', 'mask1'))):
        a2, e2, y2, f2, _ = training(variants)
        tag = f'{len(variants) - 1} mask variant(s)'
        if mode == 'final':
            w = fit_lr(a2[:, 2], y2, balanced(y2), 0.03, w0)
            show(f'train-head as before (1.0 crop, lambda 0.03, {tag})', lambda a, e: lin(w, a[:, 2]))
            a2, e2, y2, f2, _ = training(('original', 'mask0', 'mask1'))
            tag = '2 mask variants'
        w = fit_lr(a2.mean(1), y2, balanced(y2), 0.03, w0)
        show(f'linear on 6-view mean features, lambda 0.03, {tag}', lambda a, e: lin(w, a.mean(1)))
        w = fit_lr(np.c_[a2.mean(1), e2.mean(1)], y2, balanced(y2), 0.03, w0e)
        show(f'age/sex + expression, 6/2-view means, lambda 0.03, {tag}', lambda a, e: lin(w, np.c_[a.mean(1), e.mean(1)]))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
