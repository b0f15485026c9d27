#!/usr/bin/env python3
"""Occlusion normalisation and domain adaptation for the sex head on masked faces (issue 7).

Offline analysis (numpy only; not part of the build) of the BlankedFeatures tool's output
(training/README.md, "Experiments"):
  B=none,k0.3,k0.45,k0.6,k0.8,k0.3w1.2,k0.45w1.2
  java -cp "$CP" io.headcount.training.experiments.BlankedFeatures \
      DIR utkface 1 $B ; ... DIR rmfd_celeb 1 $B ; ... DIR masked_real 0 $B ; ... DIR rwmfd_scenes 0 $B
Each sample has, per blanking, the mean face-api features of the 1.0 crop and its mirror. The split,
the prior and the logistic regression are view_heads.py's (train-head's).

  validate  blankings x lambda, then pseudo-labels / mean alignment with the UNLABELLED real masked
            faces, on validation faces only (20 % of the UTKFace training identities as HeadTrainer
            splits them; RMFD celebrities with a synthetic mask, never trained on)
  final     once: the chosen configurations and the same pipeline without blanking on the test
            sets, including the 251 labelled real masked faces (never used before this)

usage: blanked_heads.py DIR validate|final [BLANKINGS]
"""
import sys
import numpy as np
from view_heads import split_train, inner, prior, balanced, fit_lr, curve, lin

BLANKINGS = 'none,k0.3,k0.45,k0.6,k0.8,k0.3w1.2,k0.45w1.2'
COLS = ['file', 'sex', 'age', 'race', 'identity', 'masked', 'label_source', 'variant', 'detected',
        'usable', 'size']
THRESHOLDS = (0.6, 0.7, 0.8, 0.9, 0.95)
LAMBDAS = (0.03, 0.1, 0.3)
# Chosen on validation (`validate`: k0.6 at lambda 0.1 ties no blanking, mean best@70 95.62; pseudo-labels
# >= 0.9 the best adaptation on the proxy); `final` reports these once (training/README.md).
CHOSEN_BLANKING, CHOSEN_LAMBDA = 'k0.6', 0.1
BASELINE_LAMBDA = 0.03
ADAPTATIONS = (('pseudo', 0.9), ('pseudo', 0.95), ('pseudo-balanced', 0.9), ('bias', 0.5), ('mean', None),
               ('spread', None))
# Second experiment, chosen on validation: some of ADAPTATIONS.
SECOND = (('pseudo', 0.9),)


class Set:
    def __init__(self, folder, name, blankings):
        self.rows = []
        for line in open(f'{folder}/{name}.tsv'):
            p = line.rstrip('\n').split('\t')
            d = dict(zip(COLS, p))
            d['usable'] = d['usable'] == 'true'
            d['fem'] = np.array([float(x) for x in p[len(COLS):]])
            d['id'] = d['identity'] if d['identity'] not in ('', 'unknown') else d['file']
            self.rows.append(d)
        n = len(blankings)
        self.x = np.fromfile(f'{folder}/{name}.f32', '<f4').reshape(len(self.rows), n, 512).astype(np.float64)
        self.index = {b: i for i, b in enumerate(blankings)}

    def take(self, keep, blanking):
        ii = np.array([i for i, r in enumerate(self.rows) if keep(r)], dtype=int)
        b = self.index[blanking]
        y = np.array([self.rows[i]['sex'] == 'female' for i in ii], dtype=float)
        ok = np.array([self.rows[i]['usable'] for i in ii], dtype=bool)
        fem = np.array([self.rows[i]['fem'][b] for i in ii])
        return self.x[ii, b], y, ok, fem


def labelled(r):
    return r['sex'] in ('male', 'female')


def unlabelled_real(r):
    """masked-real rows nobody labelled male/female; never the 251 (DATA.md section 3)"""
    return r['sex'] == 'unknown' and r['usable']


def row(name, p, y, ok):
    res, at70 = curve(p, y, ok, THRESHOLDS)
    return (f'  {name:22s} n={len(y):4d} ' + ' '.join(f'{t:.2f}: {a * 100:5.1f}/{c * 100:5.1f}' for t, a, c in res)
            + f' | best@70 {at70 * 100:5.1f}'), at70


def protocol(mode, utk, cel, real):
    """The training rows and the test sets of a mode: `validate` trains on the inner 80 % of the
    UTKFace training identities and tests on the rest and on the celebrities; `final` trains on all
    training identities and tests once on the test sets, the 251 real masked faces included."""
    if mode == 'validate':
        train_side = lambda r: split_train(r['id']) and inner(r['id'])
        tests = {'val_unmasked': (utk, lambda r: split_train(r['id']) and not inner(r['id']) and r['variant'] == 'original'),
                 'val_synthetic': (utk, lambda r: split_train(r['id']) and not inner(r['id']) and r['variant'] == 'mask0'),
                 'celeb_synthetic': (cel, lambda r: labelled(r) and r['variant'] == 'mask0')}
    else:
        train_side = lambda r: split_train(r['id'])
        tests = {'utk_test_unmasked': (utk, lambda r: not split_train(r['id']) and r['variant'] == 'original'),
                 'utk_test_synthetic': (utk, lambda r: not split_train(r['id']) and r['variant'] == 'mask0'),
                 'celeb_synthetic': (cel, lambda r: labelled(r) and r['variant'] == 'mask0'),
                 'real_251': (real, labelled),
                 'real_crops': (real, lambda r: labelled(r) and '/crop_' in r['file']),
                 'real_web': (real, lambda r: labelled(r) and '/web_' in r['file'])}
    training = lambda r: labelled(r) and train_side(r) and r['usable'] and r['variant'] in ('original', 'mask0')
    return training, tests


def main(folder, mode, blankings):
    blankings = blankings.split(',')
    utk = Set(folder, 'utkface', blankings)
    cel = Set(folder, 'rmfd_celeb', blankings)
    real = Set(folder, 'masked_real', blankings)
    scenes = Set(folder, 'rwmfd_scenes', blankings)
    training, tests = protocol(mode, utk, cel, real)

    def show(name, blanking, predict, others=None):
        """predict(x) on each test set; others maps a Set to its own predict"""
        print('==', name, flush=True)
        scores = {}
        for k, (s, keep) in tests.items():
            x, y, ok, _ = s.take(keep, blanking)
            p = (others or {}).get(s, predict)(x)
            text, scores[k] = row(k, p, y, ok)
            print(text, flush=True)
        return scores

    def head(blanking, lam, extra=None):
        x, y, _, fem = utk.take(training, blanking)
        w0 = prior(x, fem)
        if extra is not None:
            x, y = np.r_[x, extra[0]], np.r_[y, extra[1]]
        return fit_lr(x, y, balanced(y), lam, w0), w0

    def unlabelled(blanking):
        """usable faces of the unlabelled real masked crops and the RWMFD scenes"""
        a = real.take(unlabelled_real, blanking)[0]
        b = scenes.take(lambda r: r['usable'], blanking)[0]
        return np.r_[a, b]

    def adapted(option, blanking, lam, pool):
        """Second experiment: the head adapted with the unlabelled faces `pool` of the target
        domain; returns (predict for the training domain, predict for the target domain)."""
        kind, value = option
        w, _ = head(blanking, lam)
        if kind in ('pseudo', 'pseudo-balanced'):
            # The head's confident answers on the pool added to training (two rounds); balanced:
            # as many of each sex (the most confident), since the head may favour one on masks.
            for _ in range(2):
                p = lin(w, pool)
                c = np.maximum(p, 1 - p)
                sure = c >= value
                if kind == 'pseudo-balanced':
                    n = min((sure & (p > 0.5)).sum(), (sure & (p <= 0.5)).sum())
                    sure = np.zeros(len(p), bool)
                    for female in (True, False):
                        ii = np.where((p > 0.5) == female)[0]
                        sure[ii[np.argsort(-c[ii])[:n]]] = True
                w, _ = head(blanking, lam, (pool[sure], (p[sure] > 0.5).astype(float)))
            print(f'   {kind} >= {value}: {sure.sum()} faces, {(p[sure] > 0.5).mean() * 100:.0f} % female')
            return (lambda x: lin(w, x)), (lambda x: lin(w, x))
        if kind == 'bias':
            # Intercept moved so that the pool's mean p(female) is `value` (a label-shift guess).
            lo, hi = -10.0, 10.0
            for _ in range(60):
                mid = (lo + hi) / 2
                if lin(np.r_[w[:-1], w[-1] + mid], pool).mean() < value:
                    lo = mid
                else:
                    hi = mid
            wb = np.r_[w[:-1], w[-1] + lo]
            print(f'   bias {lo:+.3f}: pool {lin(w, pool).mean() * 100:.0f} % -> {value * 100:.0f} % female')
            return (lambda x: lin(w, x)), (lambda x: lin(wb, x))
        # Alignment: the target moved to the synthetic-masked training faces' mean (and, with
        # 'spread', per-feature standard deviation), using only the pool's statistics.
        source = utk.take(lambda r: training(r) and r['variant'] == 'mask0', blanking)[0]
        mu_s, sd_s, mu_t, sd_t = source.mean(0), source.std(0) + 1e-6, pool.mean(0), pool.std(0) + 1e-6
        move = (lambda x: (x - mu_t) / sd_t * sd_s + mu_s) if kind == 'spread' else (lambda x: x - mu_t + mu_s)
        return (lambda x: lin(w, x)), (lambda x: lin(w, move(x)))

    if mode == 'validate':
        summary = []
        for b in blankings:
            w0 = head(b, 0.03)[1]
            if b == 'none':
                show('face-api own gender, 1.0 + mirror, unblanked', b, lambda x: lin(w0, x))
            for lam in LAMBDAS:
                w, _ = head(b, lam)
                s = show(f'linear on {b}, lambda {lam}', b, lambda x: lin(w, x))
                summary.append((b, lam, s['val_synthetic'], s['celeb_synthetic']))
        # The choice: the highest mean of the two best@70 figures.
        print('== best@70 summary (val synthetic, celeb synthetic, mean)')
        for b, lam, v, c in summary:
            print(f'  {b:10s} {lam:5.2f} {v * 100:5.1f} {c * 100:5.1f} {(v + c) * 50:6.2f}')
        # Second experiment, with a proxy target: the celebrities with synthetic masks (another
        # population) adapted to with their own features only, never their labels.
        for b, lam in (('none', BASELINE_LAMBDA), (CHOSEN_BLANKING, CHOSEN_LAMBDA)):
            pool = cel.take(lambda r: r['variant'] == 'mask0' and r['usable'], b)[0]
            print(f'-- {b}: {len(pool)} celebrity faces as the unlabelled target')
            for option in ADAPTATIONS:
                train_domain, target = adapted(option, b, lam, pool)
                show(f'{b}, adapted {option} to the celebrities', b, train_domain, {cel: target})
    else:
        for b, lam in (('none', BASELINE_LAMBDA), (CHOSEN_BLANKING, CHOSEN_LAMBDA)):
            w, w0 = head(b, lam)
            if b == 'none':
                show('face-api own gender, 1.0 + mirror, unblanked', b, lambda x: lin(w0, x))
            show(f'linear on {b}, lambda {lam}', b, lambda x: lin(w, x))
            for option in SECOND:
                train_domain, target = adapted(option, b, lam, unlabelled(b))
                show(f'{b}, adapted {option} to the unlabelled real masked faces', b, train_domain, {real: target})


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else BLANKINGS)
