"""A screen for the FaceRes sex head (issue 19, masked target): does training on the RMFD identities
that reach no test set (RmfdIdentities) help, and how much of them? Validation only: a numpy refit of
train-head's protocol (class-balanced L2 logistic regression on standardised feats256, Newton, the
penalty by mean balanced validation log-loss, then Platt on the validation sets, each set and class
weighing the same).

  python3 rmfd_training.py CACHE      CACHE = train-head --backbone faceres --cache folder

Validation: rof_masked_dev, the UTK validation part unmasked and synthetic-masked, and the masked
photos of the held-out RMFD identities (rmfd_masked_held_out). Never reads a test set.
"""
import glob
import sys

import numpy as np

from faceres_weighting import X, Y, balanced_best70, fit, read_cache, recall


def load(cache, name):
    paths = glob.glob(f'{cache}/faceres_{name}-*.features')
    if len(paths) != 1:
        raise SystemExit(f'expected one cache of {name} in {cache}, found {paths}')
    return read_cache(paths[0])[1]


def own_layer(rows):
    """FaceRes's own sex layer: its p(female) logit is linear in feats256 (least squares, exact)."""
    rows = [r for r in rows if 1e-5 < r['baseline'] < 1 - 1e-5]
    x = np.hstack([X(rows), np.ones((len(rows), 1))])
    b = np.array([r['baseline'] for r in rows])
    return np.linalg.lstsq(x, np.log(b / (1 - b)), rcond=None)[0]


def fit_towards(rows, lam, weights, prior):
    """fit(), the penalty pulling the standardised weights towards the prior layer."""
    x, y = X(rows), Y(rows)
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = np.hstack([(x - mu) / sd, np.ones((len(x), 1))])
    w = weights / weights.mean()
    centre = np.append(prior[:-1] * sd, prior[-1] + prior[:-1] @ mu)
    beta = centre.copy()
    for _ in range(30):
        p = 1 / (1 + np.exp(-z @ beta))
        g = z.T @ (w * (p - y)) / len(y)
        h = (z * (w * p * (1 - p))[:, None]).T @ z / len(y)
        g[:-1] += lam * (beta[:-1] - centre[:-1])
        h[:-1, :-1] += lam * np.eye(len(beta) - 1)
        beta -= np.linalg.solve(h, g)
    return lambda rows: 1 / (1 + np.exp(-(np.hstack([(X(rows) - mu) / sd, np.ones((len(rows), 1))]) @ beta)))


def balanced(rows):
    y = Y(rows)
    return np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))


def log_loss(p, rows):
    y, w = Y(rows), balanced(rows)
    p = np.clip(p, 1e-7, 1 - 1e-7)
    return -np.sum(w * (y * np.log(p) + (1 - y) * np.log(1 - p))) / np.sum(w)


def platt(head, sets):
    """{a, b} on the logit of the head, each set and class weighing the same."""
    s = np.concatenate([np.log(head(v) / (1 - head(v))) for v in sets.values()])
    y = np.concatenate([Y(v) for v in sets.values()])
    w = np.concatenate([balanced(v) / len(v) for v in sets.values()])
    a, b = 1.0, 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(a * s + b)))
        g = np.array([np.sum(w * (p - y) * s), np.sum(w * (p - y))])
        h = np.array([[np.sum(w * p * (1 - p) * s * s), np.sum(w * p * (1 - p) * s)],
                      [np.sum(w * p * (1 - p) * s), np.sum(w * p * (1 - p))]])
        a, b = np.array([a, b]) - np.linalg.solve(h, g)
    return lambda rows: 1 / (1 + np.exp(-(a * np.log(head(rows) / (1 - head(rows))) + b)))


def best_penalty(rows, sets, weights=None):
    """(penalty, head) of train-head's grid with the lowest mean balanced validation log-loss."""
    best = None
    for lam in (1e-4, 1e-3, 1e-2, 1e-1):
        head = fit(rows, lam, balanced(rows) if weights is None else weights)
        loss = np.mean([log_loss(head(v), v) for v in sets.values()])
        if best is None or loss < best[0]:
            best = (loss, lam, head)
    return best[1], best[2]


def per_identity(rows, n, seed=7):
    """At most n rows per identity (and all their synthetic masks), chosen by seed."""
    rng = np.random.default_rng(seed)
    files = {}
    for r in rows:
        files.setdefault(r['identity'], set()).add(r['file'])
    keep = set()
    for identity in sorted(files):
        names = sorted(files[identity])
        keep.update(rng.permutation(names)[:n])
    return [r for r in rows if r['file'] in keep]


def main(cache):
    utk_fit, neutral = load(cache, 'utk_fit'), load(cache, 'rof_neutral_train')
    validation = load(cache, 'utk_validation')
    rmfd_masked = load(cache, 'rmfd_training_masked_v1')
    rmfd_unmasked = load(cache, 'rmfd_training_unmasked_v1')
    sets = {
        'rof_masked_dev': load(cache, 'rof_masked_dev'),
        'utk_val_unmasked': [r for r in validation if r['masked'] == 'no'],
        'utk_val_synthetic': [r for r in validation if r['masked'] != 'no'],
        'rmfd_held_out': load(cache, 'rmfd_masked_held_out_v1'),
    }
    print('validation faces: ' + ', '.join(f'{k} {len(v)}' for k, v in sets.items()))
    print(f'RMFD training: {len(rmfd_masked)} real masked, {len(rmfd_unmasked)} unmasked and synthetic')
    base = utk_fit + neutral
    options = {
        'as today (UTK fit + rof_neutral_train)': base,
        '+ RMFD real masked': base + rmfd_masked,
        '+ RMFD real masked + unmasked (30 per identity)': base + rmfd_masked + per_identity(rmfd_unmasked, 30),
        '+ RMFD real masked + unmasked (all)': base + rmfd_masked + rmfd_unmasked,
        '+ RMFD unmasked only (all)': base + rmfd_unmasked,
    }
    prior = own_layer(utk_fit)
    own = lambda rows: np.clip(np.array([r['baseline'] for r in rows]), 1e-6, 1 - 1e-6)
    report('FaceRes own sex output (Platt)', None, None, platt(own, sets), sets)
    logit = lambda p: np.log(p / (1 - p))
    for name, rows in options.items():
        lam, head = best_penalty(rows, sets)
        # The shipped layer: (1 - share) of the head's logit and share of FaceRes's own, then Platt.
        for share in (0, 0.25, 0.5, 0.75, 1):
            blend = lambda v, head=head, share=share: 1 / (1 + np.exp(-((1 - share) * logit(head(v)) + share * logit(own(v)))))
            report(f'{name}, own share {share}', rows, lam, platt(blend, sets), sets)
        best = None
        for lam in (1e-3, 1e-2, 1e-1, 1, 10):
            pulled = fit_towards(rows, lam, balanced(rows), prior)
            loss = np.mean([log_loss(pulled(v), v) for v in sets.values()])
            if best is None or loss < best[0]:
                best = (loss, lam, pulled)
        report('  instead: pulled towards FaceRes own layer', rows, best[1], platt(best[2], sets), sets)


def report(name, rows, lam, head, sets):
    loss = np.mean([log_loss(head(v), v) for v in sets.values()])
    top = {k: balanced_best70(v, head(v)) for k, v in sets.items()}
    rec = {k: recall(v, head(v)) for k, v in sets.items() if k in ('rof_masked_dev', 'rmfd_held_out')}
    print(f'{name:50s} n {len(rows) if rows else 0:5d} lambda {lam or 0:.0e} loss {loss:.4f} | best70 '
          + ' '.join(f'{k} {v:.1f}' for k, v in top.items())
          + f' mean {np.mean(list(top.values())):.2f} | recall men/women '
          + ' '.join(f'{k} {m:.1f}/{w:.1f}' for k, (m, w) in rec.items()))


if __name__ == '__main__':
    main(sys.argv[1])
