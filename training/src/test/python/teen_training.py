"""A screen for the FaceRes sex head (issue 18, teenagers): the product judges the sex of every
visitor whose age evidence is not most likely 0-12, but the head was trained on UTK adults (20+)
only, and on the synthetic scene the teenagers of 13-19 were a third undetermined and, determined,
13 % wrong (boys called women). Does training on the UTK teenagers of the fit side help, and what
does it cost the other validation sets? Validation only: a numpy refit of train-head's protocol
(rmfd_training.py: penalty by mean balanced validation log-loss, FaceRes's own layer share and
Platt on the validation sets, each set and class weighing the same).

  python3 teen_training.py CACHE      CACHE = train-head --backbone faceres --cache folder

Validation: the shipped head's four sets, and the UTK teenagers of the validation side, unmasked
and synthetic-masked, chosen on (the "+ teen validation" rows) or only reported. Never reads a test
set.
"""
import sys

import numpy as np

from faceres_weighting import Y, balanced_best70, recall
from rmfd_training import balanced, best_penalty, load, log_loss, platt


def accuracy_at(rows, p, threshold):
    """Accuracy and coverage (%) of the faces whose confidence reaches threshold."""
    y = Y(rows)
    confident = np.maximum(p, 1 - p) >= threshold
    right = (p >= 0.5) == (y == 1)
    return 100 * right[confident].mean(), 100 * confident.mean()


def main(cache):
    utk_fit, neutral = load(cache, 'utk_fit'), load(cache, 'rof_neutral_train')
    rmfd = load(cache, 'rmfd_training_masked_v1') + load(cache, 'rmfd_training_unmasked_v1')
    teens_fit = load(cache, 'utk_teens_fit')
    validation = load(cache, 'utk_validation')
    teens_val = load(cache, 'utk_teens_validation')
    shipped_sets = {
        'rof_masked_dev': load(cache, 'rof_masked_dev'),
        'rmfd_held_out': load(cache, 'rmfd_masked_held_out_v1'),
        'utk_val_unmasked': [r for r in validation if r['masked'] == 'no'],
        'utk_val_synthetic': [r for r in validation if r['masked'] != 'no'],
    }
    teen_sets = {
        'teens_val_unmasked': [r for r in teens_val if r['masked'] == 'no'],
        'teens_val_synthetic': [r for r in teens_val if r['masked'] != 'no'],
    }
    print('validation faces: ' + ', '.join(f'{k} {len(v)}' for k, v in {**shipped_sets, **teen_sets}.items()))
    print(f'training: UTK adults {len(utk_fit)}, teenagers {len(teens_fit)} (with their synthetic masks)')
    base = utk_fit + neutral + rmfd
    rng = np.random.default_rng(7)
    files = sorted({r['file'] for r in teens_fit})
    sample = set(rng.permutation(files)[:int(0.4 * len(files))])
    with_teens = base + teens_fit
    is_teen = np.array([False] * len(base) + [True] * len(teens_fit))
    options = {
        'shipped (UTK adults, rof_neutral_train, RMFD)': (base, None),
        '+ UTK teenagers, 40 % of the fit side': (base + [r for r in teens_fit if r['file'] in sample], None),
        '+ UTK teenagers, all of the fit side': (with_teens, None),
    }
    for weight in (2, 3, 5):
        options[f'+ UTK teenagers, all, weighted x{weight}'] = (
            with_teens, balanced(with_teens) * np.where(is_teen, weight, 1.0))
    own = lambda rows: np.clip(np.array([r['baseline'] for r in rows]), 1e-6, 1 - 1e-6)
    logit = lambda p: np.log(p / (1 - p))
    for chosen_on in ('shipped four', 'shipped four + teen validation'):
        sets = shipped_sets if chosen_on == 'shipped four' else {**shipped_sets, **teen_sets}
        print(f'\nchosen on: {chosen_on}')
        for name, (rows, weights) in options.items():
            lam, head = best_penalty(rows, sets, weights)
            best = None
            for share in (0, 0.25, 0.5, 0.75, 1):
                blend = lambda v, head=head, share=share: 1 / (1 + np.exp(-((1 - share) * logit(head(v)) + share * logit(own(v)))))
                calibrated = platt(blend, sets)
                loss = np.mean([log_loss(calibrated(v), v) for v in sets.values()])
                if best is None or loss < best[0]:
                    best = (loss, share, calibrated)
            loss, share, calibrated = best
            report(name, rows, lam, share, calibrated, {**shipped_sets, **teen_sets}, loss)


def report(name, rows, lam, share, head, sets, loss):
    top = {k: balanced_best70(v, head(v)) for k, v in sets.items()}
    print(f'{name:48s} n {len(rows):5d} lambda {lam:.0e} own share {share:.2f} loss {loss:.4f}')
    print('   best70 ' + ' '.join(f'{k} {v:.1f}' for k, v in top.items()))
    print('   recall men/women at 0.5 ' + ' '.join(f'{k} {m:.1f}/{w:.1f}' for k, (m, w) in ((k, recall(v, head(v))) for k, v in sets.items())))
    print('   acc/cov at 0.8 ' + ' '.join(f'{k} {a:.1f}/{c:.1f}' for k, (a, c) in ((k, accuracy_at(v, head(v), 0.8)) for k, v in sets.items())))


if __name__ == '__main__':
    main(sys.argv[1])
