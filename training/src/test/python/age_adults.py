"""Age groups of UTK adults (issue 19 item 4, the 65 % exact / 95 % within-one target): candidates
for the adult split of the default set, screened on the UTK validation part only (none won, so the
test side was not read again; training README).

CACHE holds train-head --backbone faceres feature caches (feats256 of the UTK fit, validation and
test parts, originals and one synthetic mask); FEAT holds experiments.AgeFeatures output for
utk_validation (utk_validation.csv: face-api's age, FaceRes's expected age;
utk_validation.faceres-age.f32: FaceRes's 100 age bins).

  python3 age_adults.py CACHE FEAT validation     every candidate on validation
  python3 age_adults.py CACHE FEAT three-way      exploration: face-api x head x bins, median rule
  python3 age_adults.py CACHE FEAT curve          today's head trained on 25 ... 100 % of the fit files

Every candidate gives a distribution over the 7 groups; the default set's output is
AgeGroups.withAdultHead(face-api's groups, candidate, w): face-api keeps the under-20 groups and
the adult mass, the candidate splits the adults (w = 0.75 today). Scored: exact and within-one
group on adults (UTK age >= 20), unmasked and synthetic-masked apart.
"""
import csv, glob, os, sys
import numpy as np
from scipy.optimize import minimize
from scipy.stats import norm

sys.path.insert(0, os.path.dirname(__file__))
from feature_cache import read_cache  # noqa: E402

B = np.array([13, 20, 30, 40, 50, 60])
ADULT = 2


def group(age):
    return np.searchsorted(B, age, side='right')


def load_fit(cache):
    """The training side: train-head's cache alone (the age from the UTK file name)."""
    _, rows = read_cache(glob.glob(f'{cache}/faceres_utk_fit-*.features')[0])
    rows = [r for r in rows if r['answerable']]
    age = np.array([float(os.path.basename(r['file']).split('_')[0]) for r in rows])
    return dict(F=np.stack([r['x'] for r in rows]), age=age, y=group(age),
                files=[r['file'] for r in rows])


def load(cache, feat, side):
    _, rows = read_cache(glob.glob(f'{cache}/faceres_utk_{side}-*.features')[0])
    index = {(r['file'], r['variant']): r for r in rows}
    meta = list(csv.DictReader(open(f'{feat}/utk_{side}.csv')))
    bins = np.fromfile(f'{feat}/utk_{side}.faceres-age.f32', dtype='>f4').reshape(len(meta), 100)
    keep = []
    for i, m in enumerate(meta):
        r = index.get((m['file'], m['variant']))
        if r is not None and r['answerable'] and m['usable'] == 'true' \
                and m['faceres_usable'] == 'true':
            keep.append((i, r))
    age = np.array([float(meta[i]['age']) for i, _ in keep])
    return dict(F=np.stack([r['x'] for _, r in keep]), age=age, y=group(age),
                faage=np.array([float(meta[i]['faceapi_age']) for i, _ in keep]),
                bins=bins[[i for i, _ in keep]].astype(np.float64),
                masked=np.array([meta[i]['variant'] != 'original' for i, _ in keep]),
                files=[meta[i]['file'] for i, _ in keep])


def hash_file(name):
    return sum(name.encode()) % 2


def face_api_groups(age, sigma=6):
    """AgeGroups.distribution."""
    c = norm.cdf((B[None, :] - np.asarray(age)[:, None]) / sigma)
    return np.diff(np.hstack([np.zeros((len(c), 1)), c, np.ones((len(c), 1))]), axis=1)


def with_adult_head(fa, head, weight):
    """AgeGroups.withAdultHead."""
    split = np.exp((1 - weight) * np.log(fa[:, ADULT:] + 1e-12)
                   + weight * np.log(head[:, ADULT:] + 1e-12))
    split /= split.sum(1, keepdims=True)
    out = fa.copy()
    out[:, ADULT:] = (1 - fa[:, :ADULT].sum(1))[:, None] * split
    return out


def standardise(fit):
    mu, sd = fit['F'].mean(0), fit['F'].std(0)
    sd[sd == 0] = 1
    return lambda F: np.hstack([(F - mu) / sd, np.ones((len(F), 1))])


def softmax(s):
    s = s - s.max(1, keepdims=True)
    p = np.exp(s)
    return p / p.sum(1, keepdims=True)


def softmax_fit(z, target, weights, lam):
    """SoftmaxRegression: weighted mean cross-entropy (soft targets allowed) + lam/2 |w|^2."""
    n, p = z.shape
    k = target.shape[1]
    w = weights / weights.sum()

    def f(flat):
        beta = flat.reshape(p, k)
        q = softmax(z @ beta)
        loss = -(w[:, None] * target * np.log(q + 1e-300)).sum() \
            + lam / 2 * (beta[:-1] ** 2).sum()
        g = z.T @ (w[:, None] * (q * target.sum(1, keepdims=True) - target))
        g[:-1] += lam * beta[:-1]
        return loss, g.ravel()

    return minimize(f, np.zeros(p * k), jac=True, method='L-BFGS-B',
                    options={'maxiter': 2000, 'gtol': 1e-9}).x.reshape(p, k)


def adult_probs(logits5):
    out = np.zeros((len(logits5), 7))
    out[:, ADULT:] = softmax(logits5)
    return out


def ridge(z, age, lam):
    n, p = z.shape
    reg = lam * n * np.eye(p)
    reg[-1, -1] = 0
    return np.linalg.solve(z.T @ z + reg, z.T @ age)


def bins_groups(bins):
    """FaceRes's 100 bins summed per product group."""
    ages = np.arange(100)
    return np.stack([bins[:, group(ages) == g].sum(1) for g in range(7)], axis=1)


def scores(pred, y):
    return (pred == y).mean(), (abs(pred - y) <= 1).mean()


class Screen:
    def __init__(self, fit, val):
        self.fit, self.val = fit, val
        self.z = standardise(fit)
        self.fa = face_api_groups(val['faage'])
        self.rows = []

    def report(self, name, probs, weights=(0.5, 0.75, 1.0), simplicity=0):
        for w in weights:
            final = with_adult_head(self.fa, probs, w) if w is not None else probs
            res = [scores(final[s].argmax(1), self.val['y'][s])
                   for s in (~self.val['masked'], self.val['masked'])]
            row = (name, w, *res[0], *res[1])
            self.rows.append(row)
            print(f'{name:58s} w={w}  unmasked {res[0][0]*100:5.1f} / {res[0][1]*100:5.1f}'
                  f'   masked {res[1][0]*100:5.1f} / {res[1][1]*100:5.1f}', flush=True)


def main():
    cache, feat, mode = sys.argv[1:4]
    fit = load_fit(cache)
    if mode != 'validation':
        raise SystemExit('modes: validation, three-way')
    val = load(cache, feat, 'validation')
    print(f'fit {len(fit["y"])} rows, {mode} {len(val["y"])} rows '
          f'({(~val["masked"]).sum()} unmasked)', flush=True)
    z = standardise(fit)
    zf, zv = z(fit['F']), z(val['F'])
    onehot = np.eye(5)[fit['y'] - ADULT]
    ones = np.ones(len(zf))
    s = Screen(fit, val)
    s.report('face-api alone (groups from its age)', s.fa, weights=(None,))

    def softmax_head(lam, weights=ones, target=onehot, temperature=None):
        beta = softmax_fit(zf, target, weights, lam)
        if temperature is None:  # AgeHeadTraining.temperature, on this set (validation)
            ts = np.arange(0.5, 3.0001, 0.05)
            losses = []
            for t in ts:
                p = adult_probs(zv @ beta / t)
                losses.append(np.mean([-np.log(p[m, val['y'][m]] + 1e-12).mean()
                                       for m in (~val['masked'], val['masked'])]))
            temperature = ts[int(np.argmin(losses))]
        return adult_probs(zv @ beta / temperature), temperature

    # (a) today's head
    a, _ = softmax_head(0.1, temperature=0.85)
    s.report('(a) softmax head lambda 0.1, T 0.85 (today)', a)
    # (b) penalties, class weights, soft ordinal targets
    for lam in (0.01, 0.3, 1.0, 3.0):
        p, t = softmax_head(lam)
        s.report(f'(b) softmax lambda {lam}, T {t:.2f}', p)
    counts = np.bincount(fit['y'] - ADULT, minlength=5)
    p, t = softmax_head(0.1, weights=1 / counts[fit['y'] - ADULT])
    s.report(f'(b) softmax lambda 0.1, classes balanced, T {t:.2f}', p)
    for sigma in (3, 5, 8):
        soft = face_api_groups(fit['age'], sigma)[:, ADULT:]
        soft /= soft.sum(1, keepdims=True)
        for lam in (0.1, 0.3):
            p, t = softmax_head(lam, target=soft)
            s.report(f'(b) softmax, soft targets N(age, {sigma}), lambda {lam}, T {t:.2f}', p)
    for lam in (0.001, 0.01, 0.1):
        coef = ridge(zf, fit['age'], lam)
        resid = np.std(fit['age'] - zf @ coef)
        mu = zv @ coef
        for sigma in (resid, 6):
            s.report(f'(b) ridge age, lambda {lam}, groups N(mu, {sigma:.1f})',
                     face_api_groups(mu, sigma))
        # ridge age averaged with face-api's age, then face-api's mapping
        s.report(f'(b) ridge age lambda {lam} + face-api age averaged, N(., 6)',
                 face_api_groups((mu + val['faage']) / 2, 6), weights=(None,))
    # (c) FaceRes's own 100 bins
    bins = bins_groups(val['bins'])
    s.report('(c) FaceRes bins summed per group', bins)
    expected = val['bins'] @ np.arange(100)
    s.report('(c) FaceRes expected age, N(., 6)', face_api_groups(expected, 6))
    # calibration a + b x of the expected age, fitted on the other half of validation (2 folds
    # by file: a face and its mask together)
    files = np.array([hash_file(f) for f in val['files']])
    calibrated = np.zeros_like(expected)
    for fold in (0, 1):
        a1, a0 = np.polyfit(expected[files != fold], val['age'][files != fold], 1)
        calibrated[files == fold] = a0 + a1 * expected[files == fold]
    resid = np.std(val['age'] - calibrated)
    s.report(f'(c) FaceRes expected age calibrated (2 folds), N(., {resid:.1f})',
             face_api_groups(calibrated, resid))
    # (d) blends of (a) and (c)
    for mix in (0.25, 0.5):
        blend = np.exp((1 - mix) * np.log(a + 1e-12) + mix * np.log(bins + 1e-12))
        blend /= blend.sum(1, keepdims=True)
        s.report(f'(d) (a)^{1 - mix} x bins^{mix}', blend)


if __name__ == '__main__' and sys.argv[3] not in ('three-way', 'curve'):
    main()


def three_way(cache, feat):
    """Exploration after the screen: face-api^a x head^b x bins^c over the adult groups, and the
    median group (the decision that minimises the expected group distance) instead of the most
    likely one."""
    fit, val = load_fit(cache), load(cache, feat, 'validation')
    z = standardise(fit)
    beta = softmax_fit(z(fit['F']), np.eye(5)[fit['y'] - ADULT], np.ones(len(fit['y'])), 0.1)
    head = adult_probs(z(val['F']) @ beta / 0.85)
    fa = face_api_groups(val['faage'])
    bins = bins_groups(val['bins'])
    for b in (0, 0.25, 0.5, 0.75):
        for c in (0, 0.25, 0.5):
            if b + c > 1:
                continue
            split = np.exp((1 - b - c) * np.log(fa[:, ADULT:] + 1e-12)
                           + b * np.log(head[:, ADULT:] + 1e-12) + c * np.log(bins[:, ADULT:] + 1e-12))
            split /= split.sum(1, keepdims=True)
            out = fa.copy()
            out[:, ADULT:] = (1 - fa[:, :ADULT].sum(1))[:, None] * split
            for rule, pred in (('most likely', out.argmax(1)),
                               ('median', (np.cumsum(out, 1) < 0.5).sum(1))):
                res = [scores(pred[s], val['y'][s]) for s in (~val['masked'], val['masked'])]
                print(f'face-api^{1 - b - c:.2f} head^{b} bins^{c} {rule:11s} unmasked '
                      f'{res[0][0]*100:5.1f} / {res[0][1]*100:5.1f}   masked '
                      f'{res[1][0]*100:5.1f} / {res[1][1]*100:5.1f}')


if __name__ == '__main__' and sys.argv[3:4] == ['three-way']:
    three_way(sys.argv[1], sys.argv[2])


def curve(cache, feat):
    """Learning curve: today's head (penalty 0.1, T 0.85, w 0.75) on a share of the fit files."""
    fit, val = load_fit(cache), load(cache, feat, 'validation')
    files = np.array(fit['files'])
    names = np.unique(files)
    order = np.random.default_rng(1).permutation(len(names))
    fa = face_api_groups(val['faage'])
    for share in (0.25, 0.5, 0.75, 1.0):
        keep = np.isin(files, names[order[:int(share * len(names))]])
        part = dict(F=fit['F'][keep], y=fit['y'][keep])
        z = standardise(part)
        beta = softmax_fit(z(part['F']), np.eye(5)[part['y'] - ADULT], np.ones(keep.sum()), 0.1)
        pred = with_adult_head(fa, adult_probs(z(val['F']) @ beta / 0.85), 0.75).argmax(1)
        res = [scores(pred[s], val['y'][s]) for s in (~val['masked'], val['masked'])]
        print(f'share {share:.2f} ({keep.sum()} rows): unmasked {res[0][0]*100:5.1f} / '
              f'{res[0][1]*100:5.1f}   masked {res[1][0]*100:5.1f} / {res[1][1]*100:5.1f}')


if __name__ == '__main__' and sys.argv[3:4] == ['curve']:
    curve(sys.argv[1], sys.argv[2])
