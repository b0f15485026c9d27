"""The sex head over both backbones against the FaceRes head alone (issue 19 item 3), on
validation only: train-head's protocol refitted in numpy on its caches.

  python3 both_backbones.py FACERES_CACHE FACEAPI_CACHE

FACERES_CACHE: a `train-head --backbone faceres --cache` folder (crop box + 0.1 per side);
FACEAPI_CACHE: the same sets through face-api (`experiments/BothBackbonesFeatures`), same seed,
same synthetic masks; rows pair by file and variant (both backbones share YuNet, padding and the
quality gate). Per head (FaceRes feats256, face-api features, both concatenated, 768-d): the
class-balanced L2 logistic head of `LogisticRegression` (standardised features, Newton) trained on
the UTK fit part and rof_neutral_train (originals and one synthetic mask each), the penalty from
1e-4 … 1e-1 by the mean balanced validation log-loss, then Platt-calibrated on the validation sets
(each set and sex weighing the same), as `SexHeadTraining`. Validation = rof_masked_dev and the UTK
validation part, original and synthetic-masked. Printed per set: top70 (the model card's balanced
accuracy over the most confident 70 % of the set), per-sex best70 (men and women apart, each its
most confident 70 %), men's and women's recall at 0.5; the same with the penalty and
calibration chosen on one half of the validation faces and measured on the other (2 folds, by
identity), and a paired bootstrap of the both-minus-FaceRes difference. Never reads a test set.
"""
import glob, sys

from feature_cache import read_cache
import numpy as np

LAMBDAS = (1e-4, 1e-3, 1e-2, 1e-1)
WIDER = (0.3, 1, 3)
SETS = ('utk_fit', 'rof_neutral_train', 'utk_validation', 'rof_masked_dev')


def load(cache, name, marker):
    for path in glob.glob(f'{cache}/faceres_{name}-*.features'):
        key, rows = read_cache(path)
        if marker in key:
            return rows
    raise SystemExit(f'no {name} cache with "{marker}" in {cache}')


def paired(faceres_cache, faceapi_cache, name):
    """Labelled faces both backbones answer, with both feature vectors, FaceRes's order."""
    res = load(faceres_cache, name, 'box+0.1 per side')
    api = {(r['file'], r['variant']): r for r in load(faceapi_cache, name, 'faceapi-age-gender')}
    rows, unanswered, unpaired = [], [], 0
    for r in res:
        a = api.get((r['file'], r['variant']))
        if a is None or a['answerable'] != r['answerable']:
            unpaired += 1
            continue
        if r['sex'] in ('male', 'female'):
            if r['answerable']:
                rows.append(dict(r, faceres=r['x'], faceapi=a['x']))
            else:
                unanswered.append(r)
    return rows, unanswered, unpaired


def features(rows, head):
    if head == 'both':
        return np.array([np.concatenate([r['faceres'], r['faceapi']]) for r in rows])
    return np.array([r[head] for r in rows])


def female(rows):
    return np.array([r['sex'] == 'female' for r in rows], float)


def balanced(y):
    return np.where(y == 1, 0.5 / max(1, y.sum()), 0.5 / max(1, (1 - y).sum()))


def fit(x, y, w, lam):
    """LogisticRegression.fit: standardised features, L2 on the weights (not the bias) per unit of
    total row weight, Newton; returns raw-feature weights and bias."""
    mu, sd = x.mean(0), x.std(0)
    sd[sd < 1e-6] = 1
    z = np.hstack([(x - mu) / sd, np.ones((len(x), 1))])
    w = w / w.sum()
    beta = np.zeros(z.shape[1])
    previous = np.inf
    for _ in range(50):
        eta = z @ beta
        p = 1 / (1 + np.exp(-eta))
        loss = np.sum(w * np.where(y == 1, np.logaddexp(0, -eta), np.logaddexp(0, eta)))
        loss += 0.5 * lam * beta[:-1] @ beta[:-1]
        g = z.T @ (w * (p - y))
        h = (z * (w * np.maximum(p * (1 - p), 1e-10))[:, None]).T @ z
        g[:-1] += lam * beta[:-1]
        h[np.arange(len(beta) - 1), np.arange(len(beta) - 1)] += lam
        beta -= np.linalg.solve(h, g)
        if abs(previous - loss) < 1e-7:
            break
        previous = loss
    raw = beta[:-1] / sd
    return raw, beta[-1] - raw @ mu


def log_loss(s, y):
    w = balanced(y)
    return np.sum(w * np.where(y == 1, np.logaddexp(0, -s), np.logaddexp(0, s))) / w.sum()


def platt(scores, labels):
    """{a, b} of sigmoid(a s + b) on the validation sets, each set and class weighing the same."""
    s = np.concatenate(scores)[:, None]
    y = np.concatenate(labels)
    w = np.concatenate([balanced(l) / len(labels) for l in labels])
    a, b = fit(s, y, w, 0)
    return a[0], b


def choose(scores, val_y, parts):
    """On the chosen part of each validation set: the candidate (penalty) with the lowest mean
    balanced log-loss, then Platt (one scale per score column) on the same part. scores[k][i]: the
    linear scores of candidate k on set i, (n,) or (n, columns). Returns k and the calibrated
    probabilities of every face of every set."""
    losses = [np.mean([log_loss(s[m], y[m]) for s, y, m in zip(candidate, val_y, parts)])
              if candidate[0].ndim == 1 else 0 for candidate in scores]
    k = int(np.argmin(losses))
    columns = [s.reshape(len(s), -1) for s in scores[k]]
    a, c = platt([s[m] for s, m in zip(columns, parts)], [y[m] for y, m in zip(val_y, parts)])
    if len(np.atleast_1d(a)) > 1:
        print(f'    (fusion: {np.round(a, 3)} on the heads\' scores, bias {c:.3f}; scores\' sd on'
              f' validation {np.round(np.concatenate(columns).std(0), 2)})')
    return k, [1 / (1 + np.exp(-(s @ np.atleast_1d(a) + c))) for s in columns]


def platt(scores, labels):
    """sigmoid(a . s + b) on the validation sets, each set and class weighing the same."""
    s = np.concatenate(scores)
    y = np.concatenate(labels)
    w = np.concatenate([balanced(l) / len(labels) for l in labels])
    return fit_raw(s, y, w)


def fit_raw(s, y, w):
    a, b = fit(s, y, w, 0)
    return a, b


def top70(p, y, labelled):
    """SexHeadTraining.Balanced.balancedTop: balanced accuracy over the most confident 70 % of
    all labelled faces of the set (unanswered ones count in the 70 %)."""
    top = np.argsort(-np.maximum(p, 1 - p), kind='stable')[:int(np.ceil(0.7 * labelled))]
    right = (p[top] > 0.5) == (y[top] == 1)
    return 100 * np.mean([right[y[top] == sex].mean() for sex in (0, 1) if (y[top] == sex).any()])


def best70(p, y):
    """Men and women apart, each its most confident 70 % of the answered faces, averaged."""
    right = (p >= 0.5) == (y == 1)
    confidence = np.maximum(p, 1 - p)
    scores = []
    for sex in (0, 1):
        m = y == sex
        top = np.argsort(-confidence[m], kind='stable')[:int(round(0.7 * m.sum()))]
        scores.append(100 * right[m][top].mean())
    return np.mean(scores)


def recalls(p, y):
    right = (p >= 0.5) == (y == 1)
    return 100 * right[y == 0].mean(), 100 * right[y == 1].mean()


def halves(rows, seed):
    """Two halves of a validation set by identity (UTK: a face and its mask are one identity)."""
    ids = sorted({r['identity'] for r in rows})
    rng = np.random.default_rng(seed)
    first = set(rng.permutation(ids)[:len(ids) // 2])
    return np.array([r['identity'] in first for r in rows])


def main(faceres_cache, faceapi_cache):
    data, unanswered = {}, {}
    for name in SETS:
        data[name], unanswered[name], unpaired = paired(faceres_cache, faceapi_cache, name)
        print(f'{name}: {len(data[name])} labelled faces answered by both,'
              f' {len(unanswered[name])} by neither; {unpaired} unpaired')
    training = data['utk_fit'] + data['rof_neutral_train']
    val = {
        'rof_masked_dev': data['rof_masked_dev'],
        'utk_val_unmasked': [r for r in data['utk_validation'] if r['masked'] == 'no'],
        'utk_val_synthetic': [r for r in data['utk_validation'] if r['masked'] != 'no'],
    }
    labelled = {
        'rof_masked_dev': len(val['rof_masked_dev']) + len(unanswered['rof_masked_dev']),
        'utk_val_unmasked': len(val['utk_val_unmasked'])
        + sum(r['masked'] == 'no' for r in unanswered['utk_validation']),
        'utk_val_synthetic': len(val['utk_val_synthetic'])
        + sum(r['masked'] != 'no' for r in unanswered['utk_validation']),
    }
    for k, v in val.items():
        y = female(v)
        print(f'  {k}: {len(v)} faces answered ({labelled[k]} labelled),'
              f' {int((1 - y).sum())} men, {int(y.sum())} women')
    y_train = female(training)
    val_y = [female(v) for v in val.values()]
    everything = [np.ones(len(v), bool) for v in val.values()]
    folds = [[halves(v, 7) == fold for v in val.values()] for fold in (True, False)]
    scores = {}
    for head, grid in (('faceres', LAMBDAS), ('faceapi', LAMBDAS), ('both', LAMBDAS + WIDER)):
        x_train = features(training, head)
        val_x = [features(v, head) for v in val.values()]
        scores[head] = []
        for lam in grid:
            w, b = fit(x_train, y_train, balanced(y_train), lam)
            scores[head].append([x @ w + b for x in val_x])
    heads = {
        'faceres': ('FaceRes feats256 (as shipped)', LAMBDAS),
        'faceapi': ('face-api features', LAMBDAS),
        'both': ('both, concatenated (768-d)', LAMBDAS),
        'both_wider': ('both, concatenated, penalty up to 3 (beyond the protocol)',
                       LAMBDAS + WIDER),
        'late': ('late fusion: FaceRes head and face-api head, 2-score Platt on validation', None),
    }

    def run(head, parts):
        if head == 'late':
            k1, _ = run('faceres', parts)
            k2, _ = run('faceapi', parts)
            fused = [np.column_stack([a, b])
                     for a, b in zip(scores['faceres'][k1], scores['faceapi'][k2])]
            return 0, choose([fused], val_y, parts)[1]
        name, grid = heads[head]
        return choose(scores[head.replace('_wider', '')][:len(grid)], val_y, parts)

    probabilities = {}
    print('\nPenalty and Platt chosen on all validation (as train-head), measured on the same;'
          ' in brackets: chosen on one half (by identity) and measured on the other, 2 folds:')
    for head, (title, grid) in heads.items():
        k, probabilities[head] = run(head, everything)
        folded = [np.zeros(len(v)) for v in val.values()]
        for parts in folds:
            _, p = run(head, parts)
            for f, q, m in zip(folded, p, parts):
                f[~m] = q[~m]
        line = []
        for (name, v), p, pf in zip(val.items(), probabilities[head], folded):
            y = female(v)
            men, women = recalls(p, y)
            line.append(f'{name}: top70 {top70(p, y, labelled[name]):.1f}'
                        f' ({top70(pf, y, labelled[name]):.1f}),'
                        f' per-sex best70 {best70(p, y):.1f} ({best70(pf, y):.1f}),'
                        f' recall at 0.5 men/women {men:.1f}/{women:.1f}')
        chosen = f'lambda {grid[k]:g}' if grid else ''
        print(f'- {title}: {chosen}\n    ' + '\n    '.join(line))
    print('\nPaired bootstrap (1000 resamples of each set by identity), both minus FaceRes,'
          ' top70, penalty and Platt as train-head:')
    rng = np.random.default_rng(11)
    for i, (name, v) in enumerate(val.items()):
        y = female(v)
        ids = np.array([r['identity'] for r in v])
        groups = [np.flatnonzero(ids == u) for u in np.unique(ids)]
        diffs = []
        for _ in range(1000):
            pick = np.concatenate([groups[j] for j in rng.integers(0, len(groups), len(groups))])
            if len(np.unique(y[pick])) < 2:
                continue
            n = len(pick) * labelled[name] / len(v)
            diffs.append(top70(probabilities['both'][i][pick], y[pick], n)
                         - top70(probabilities['faceres'][i][pick], y[pick], n))
        both, alone = (top70(probabilities[h][i], y, labelled[name]) for h in ('both', 'faceres'))
        print(f'  {name}: {both - alone:+.1f} (95 % interval {np.percentile(diffs, 2.5):+.1f}'
              f' … {np.percentile(diffs, 97.5):+.1f})')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
