"""A screen of training weightings for the FaceRes sex head (issue 19, masked target), on
validation only: a numpy refit of train-head's head (class-balanced L2 logistic regression on
standardised feats256, Newton; lambda 0.01; not calibrated, so not the shipped head to the digit).

  python3 faceres_weighting.py CACHE      CACHE = train-head --backbone faceres --cache folder

Training: the UTK fit part and rof_neutral_train, each with its synthetic mask (as train-head).
Validation: rof_masked_dev, the UTK validation part unmasked and synthetic-masked; printed per set:
balanced best@70 (men and women apart, each its most confident 70 %), and the recall of masked men
and women on rof_masked_dev and among the Asian faces of the UTK validation with a synthetic mask.
Never reads a test set.
"""
import glob, sys

import feature_cache
import numpy as np


def read_cache(path):
    """The cache's answerable rows with a sex label."""
    key, rows = feature_cache.read_cache(path)
    return key, [r for r in rows if r['answerable'] and r['sex'] in ('male', 'female')]


def load(cache, name):
    """The cache of a set made with train-head's crop (box + 0.1 per side)."""
    for path in glob.glob(f'{cache}/faceres_{name}-*.features'):
        key, rows = read_cache(path)
        if 'box+0.1 per side' in key:
            return rows
    raise SystemExit(f'no {name} cache with the 0.1 crop margin in {cache}')


X = lambda rows: np.array([r['x'] for r in rows])
Y = lambda rows: np.array([r['sex'] == 'female' for r in rows], float)


def fit(rows, lam, weights):
    x, y = X(rows), Y(rows)
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z = np.hstack([(x - mu) / sd, np.ones((len(x), 1))])
    w = weights / weights.mean()
    beta = np.zeros(z.shape[1])
    for _ in range(30):
        p = 1 / (1 + np.exp(-z @ beta))
        g = z.T @ (w * (p - y)) / len(y)
        h = (z * (w * p * (1 - p))[:, None]).T @ z / len(y)
        g[:-1] += lam * beta[:-1]
        h[:-1, :-1] += lam * np.eye(len(beta) - 1)
        beta -= np.linalg.solve(h, g)
    return lambda rows: 1 / (1 + np.exp(-(np.hstack([(X(rows) - mu) / sd, np.ones((len(rows), 1))]) @ beta)))


def balanced_best70(rows, p):
    y = Y(rows)
    right = (p >= 0.5) == (y == 1)
    confidence = np.maximum(p, 1 - p)
    scores = []
    for sex in (0, 1):
        m = y == sex
        top = np.argsort(-confidence[m])[:int(round(0.7 * m.sum()))]
        scores.append(100 * right[m][top].mean())
    return np.mean(scores)


def recall(rows, p):
    y = Y(rows)
    right = (p >= 0.5) == (y == 1)
    return 100 * right[y == 0].mean(), 100 * right[y == 1].mean()


def main(cache):
    utk_fit, neutral = load(cache, 'utk_fit'), load(cache, 'rof_neutral_train')
    validation = load(cache, 'utk_validation')
    sets = {
        'rof_masked_dev': load(cache, 'rof_masked_dev'),
        'utk_val_unmasked': [r for r in validation if r['masked'] == 'no'],
        'utk_val_synthetic': [r for r in validation if r['masked'] != 'no'],
    }
    asian = [r for r in sets['utk_val_synthetic'] if r['race'] == 'asian']
    training = utk_fit + neutral
    y = Y(training)
    balanced = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    is_asian = np.array([r['race'] == 'asian' for r in training])
    is_neutral = np.arange(len(training)) >= len(utk_fit)
    per_set_and_sex = np.zeros(len(training))
    for part in (False, True):
        for sex in (0, 1):
            m = (is_neutral == part) & (y == sex)
            per_set_and_sex[m] = 1 / m.sum()
    options = {
        'as train-head (classes balanced)': (training, balanced),
        'UTK Asian faces x2': (training, balanced * np.where(is_asian, 2, 1)),
        'UTK Asian faces x3': (training, balanced * np.where(is_asian, 3, 1)),
        'rof_neutral_train x2': (training, balanced * np.where(is_neutral, 2, 1)),
        'each set and sex the same': (training, per_set_and_sex),
        'UTK fit only': (utk_fit, None),
    }
    for name, (rows, weights) in options.items():
        if weights is None:
            yy = Y(rows)
            weights = np.where(yy == 1, 0.5 / yy.mean(), 0.5 / (1 - yy.mean()))
        head = fit(rows, 0.01, weights)
        best = {k: balanced_best70(v, head(v)) for k, v in sets.items()}
        men, women = recall(sets['rof_masked_dev'], head(sets['rof_masked_dev']))
        asian_men, asian_women = recall(asian, head(asian))
        print(f"{name:34s} " + ' '.join(f'{k} {v:.1f}' for k, v in best.items())
              + f" mean {np.mean(list(best.values())):.2f} | rof_masked_dev men/women {men:.1f}/{women:.1f}"
              + f" | UTK val synthetic Asian men/women {asian_men:.1f}/{asian_women:.1f}")


if __name__ == '__main__':
    main(sys.argv[1])
