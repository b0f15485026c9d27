"""A mask head on FaceRes feats256 instead of the frame-level mask detector (UltraFace mask3cls)?
A numpy screen on train-head's feature caches: class-balanced L2 logistic regression (masked or
not) on the sex head's training sets (UTK fit part, rof_neutral_train, the RMFD training identities:
unmasked, synthetic masks and real masks), the penalty by the mean validation log-loss.

  python3 mask_head.py CACHE      CACHE = train-head --backbone faceres --cache folder

Validation (chosen on): UTK validation unmasked and synthetic-masked, rof_masked_dev, the held-out
RMFD identities' real masked photos. Test (printed for the record, never chosen on): UTK test
side, the 251 labelled real masked faces, rmfd_celeb_unmasked. Per set: accuracy at 0.5, and
accuracy / coverage at confidence 0.9 and 0.99, over the faces the detector and the quality gate
answer.
"""
import sys

import numpy as np

from faceres_weighting import fit
from rmfd_training import load

Y = lambda rows: np.array([r['masked'] != 'no' for r in rows], float)


def balanced(rows):
    y = Y(rows)
    return np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))


def fit_mask(rows, lam):
    # fit() learns p(female): the mask label is passed in the sex field.
    relabelled = [dict(r, sex='female' if r['masked'] != 'no' else 'male') for r in rows]
    return fit(relabelled, lam, balanced(rows))


def log_loss(p, rows):
    y, p = Y(rows), np.clip(p, 1e-7, 1 - 1e-7)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def main(cache):
    training = sum((load(cache, n) for n in (
        'utk_fit', 'rof_neutral_train', 'rmfd_training_masked_v1', 'rmfd_training_unmasked_v1')), [])
    utk_val, utk_test = load(cache, 'utk_validation'), load(cache, 'utk_test')
    validation = {
        'utk_val_unmasked': [r for r in utk_val if r['masked'] == 'no'],
        'utk_val_synthetic': [r for r in utk_val if r['masked'] != 'no'],
        'rof_masked_dev': load(cache, 'rof_masked_dev'),
        'rmfd_held_out': load(cache, 'rmfd_masked_held_out_v1'),
    }
    test = {
        'utk_test_unmasked': [r for r in utk_test if r['masked'] == 'no'],
        'utk_test_synthetic': [r for r in utk_test if r['masked'] != 'no'],
        'masked_real_251': load(cache, 'masked_real_251'),
        'rmfd_celeb_unmasked': load(cache, 'rmfd_celeb_unmasked'),
    }
    best = None
    for lam in (1e-4, 1e-3, 1e-2, 1e-1, 1):
        head = fit_mask(training, lam)
        loss = np.mean([log_loss(head(v), v) for v in validation.values()])
        print(f'lambda {lam:g}: mean validation log-loss {loss:.4f}')
        if best is None or loss < best[0]:
            best = (loss, head)
    head = best[1]
    for part, sets in (('validation', validation), ('test', test)):
        for name, rows in sets.items():
            p, y = head(rows), Y(rows)
            right = (p >= 0.5) == (y == 1)
            confidence = np.maximum(p, 1 - p)
            line = f'{part:10s} {name:20s} n {len(rows):5d} acc@0.5 {100 * right.mean():.1f}'
            for t in (0.9, 0.99):
                m = confidence >= t
                line += f' | {t}: {100 * right[m].mean():.1f} / {100 * m.mean():.1f}'
            print(line)


if __name__ == '__main__':
    main(sys.argv[1])
