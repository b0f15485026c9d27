"""The quality gate's yaw under a mask (issue 19 item 5): which estimate stays nearest the unmasked
face's yaw when a synthetic mask covers the nose and mouth. Validation data only.

  bin/headcount augment --manifest shared/data/faces-sex/rof_neutral_train/manifest.csv \
      --root shared/data --out MASKED --seed 1
  bin/headcount eval --manifest .../rof_neutral_train/manifest.csv --heads sex-age,sex \
      --set quality.max-abs-yaw=180 --faces-out UNMASKED.csv --out /dev/null
  bin/headcount eval --manifest MASKED/manifest.csv --root MASKED --heads sex-age,sex \
      --set quality.max-abs-yaw=180 --faces-out MASKED.csv --out /dev/null
  python3 masked_yaw.py UNMASKED.csv MASKED.csv

Fits the eyes estimates' constants on the unmasked faces turned less than 60 degrees (against the
5-landmark yaw), then prints each estimate's distance to the unmasked 5-landmark yaw on the masked
copies. Reads the box and landmark columns of eval --faces-out.
"""
import csv, math, sys
import numpy as np


def rows(path):
    return {r['file']: r for r in csv.DictReader(open(path)) if r['face_found'] == 'true'}


def geometry(r):
    """Eye distance, the eyes' midpoint off the box centre along the eye line, the box's half
    extent along it."""
    f = lambda k: float(r[k])
    lx, ly, rx, ry = f('eye_image_left_x'), f('eye_image_left_y'), f('eye_image_right_x'), f('eye_image_right_y')
    d = math.hypot(rx - lx, ry - ly)
    ux, uy = (rx - lx) / d, (ry - ly) / d
    bx, by, bw, bh = f('box_x'), f('box_y'), f('box_w'), f('box_h')
    offset = ((lx + rx) / 2 - bx - bw / 2) * ux + ((ly + ry) / 2 - by - bh / 2) * uy
    return d, offset, (abs(ux) * bw + abs(uy) * bh) / 2


def main(unmasked_path, masked_path):
    un, ma = rows(unmasked_path), rows(masked_path)
    both = [k for k in un if k in ma]
    landmarks = lambda r: float(r['yaw_from_landmarks'])
    truth = np.array([landmarks(un[k]) for k in both])
    small = np.abs(truth) < 60
    g = np.array([geometry(un[k]) for k in both])
    by_eyes, by_box = g[:, 1] / g[:, 0], g[:, 1] / g[:, 2]
    k = np.sum(by_eyes[small] ** 2) / np.sum(by_eyes[small] * np.tan(np.radians(truth[small])))
    c = np.sum(by_box[small] ** 2) / np.sum(by_box[small] * np.sin(np.radians(truth[small])))
    print(f'fitted: eyes atan k {k:.3f}, box asin c {c:.3f} ({len(both)} faces in both)')

    def eyes_atan(r):
        d, off, _ = geometry(r)
        return math.degrees(math.atan2(off, k * d))

    def box_asin(r):
        _, off, half = geometry(r)
        return math.degrees(math.asin(max(-1, min(1, off / (c * half)))))

    estimates = {
        '5 landmarks': landmarks,
        'eyes, atan (fitted k)': eyes_atan,
        'eyes in the box width, asin': box_asin,
        'nearer frontal of landmarks and eyes atan': lambda r: min(landmarks(r), eyes_atan(r), key=abs),
    }
    for name, estimate in estimates.items():
        masked = np.array([abs(estimate(ma[x]) - landmarks(un[x])) for x in both])
        unmasked = np.array([abs(estimate(un[x]) - landmarks(un[x])) for x in both])
        print(f'{name:44s} masked: median {np.median(masked):.1f} p90 {np.percentile(masked, 90):.1f}'
              f' p99 {np.percentile(masked, 99):.1f} | unmasked: median {np.median(unmasked):.1f}'
              f' p90 {np.percentile(unmasked, 90):.1f}')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
