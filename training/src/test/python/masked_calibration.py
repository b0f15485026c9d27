"""Can a calibration of its own for masked faces close the gap between masked women's and men's
recall on rof_masked_dev (issue 19)? Validation only: the shipped protocol refitted in numpy
(rmfd_training.py: the head on the UTK fit part, rof_neutral_train and the RMFD training
identities, blended 0.75 with FaceRes's own layer, Platt on the validation sets), then (a) Platt
fitted apart on the masked and the unmasked validation faces, (b) a shift of the masked faces' logit
towards female by d.

  python3 masked_calibration.py CACHE      CACHE = train-head --backbone faceres --cache folder

Printed per option: mean balanced validation log-loss, balanced accuracy of the most confident
70 % per set, and men's / women's recall at 0.5 per set (answered faces). Never reads a test set.
"""
import sys

import numpy as np

from faceres_weighting import balanced_best70, fit, recall
from rmfd_training import balanced, load, log_loss, platt


def main(cache):
    utk_fit, neutral = load(cache, 'utk_fit'), load(cache, 'rof_neutral_train')
    validation = load(cache, 'utk_validation')
    training = utk_fit + neutral + load(cache, 'rmfd_training_masked_v1') + load(
        cache, 'rmfd_training_unmasked_v1')
    sets = {
        'rof_masked_dev': load(cache, 'rof_masked_dev'),
        'utk_val_unmasked': [r for r in validation if r['masked'] == 'no'],
        'utk_val_synthetic': [r for r in validation if r['masked'] != 'no'],
        'rmfd_held_out': load(cache, 'rmfd_masked_held_out_v1'),
    }
    logit = lambda p: np.log(p / (1 - p))
    own = lambda rows: np.clip(np.array([r['baseline'] for r in rows]), 1e-6, 1 - 1e-6)
    best = None
    for lam in (1e-4, 1e-3, 1e-2, 1e-1):
        head = fit(training, lam, balanced(training))
        loss = np.mean([log_loss(head(v), v) for v in sets.values()])
        if best is None or loss < best[0]:
            best = (loss, head)
    head = best[1]
    blend = lambda rows: 1 / (1 + np.exp(-(0.25 * logit(head(rows)) + 0.75 * logit(own(rows)))))
    shipped = platt(blend, sets)
    report('shipped (one Platt)', shipped, sets)
    masked_platt = platt(blend, {k: v for k, v in sets.items() if k != 'utk_val_unmasked'})
    unmasked_platt = platt(blend, {'utk_val_unmasked': sets['utk_val_unmasked']})
    is_masked = lambda rows: np.array([r['masked'] != 'no' for r in rows])
    report('Platt per mask state', lambda rows: np.where(
        is_masked(rows), masked_platt(rows), unmasked_platt(rows)), sets)
    for d in (-0.5, -0.25, 0.25, 0.5, 0.75, 1.0):
        report(f'shipped, masked logit {d:+.2f} towards female', lambda rows, d=d: 1 / (
            1 + np.exp(-(logit(shipped(rows)) + d * is_masked(rows)))), sets)


def report(name, head, sets):
    loss = np.mean([log_loss(head(v), v) for v in sets.values()])
    top = ' '.join(f'{k} {balanced_best70(v, head(v)):.1f}' for k, v in sets.items())
    rec = ' '.join(f'{k} {m:.1f}/{w:.1f}' for k, (m, w) in (
        (k, recall(v, head(v))) for k, v in sets.items()))
    print(f'{name:42s} loss {loss:.4f} | best70 {top} | recall men/women {rec}')


if __name__ == '__main__':
    main(sys.argv[1])
