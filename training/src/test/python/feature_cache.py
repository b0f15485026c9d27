"""Reads train-head's feature caches (training's FeatureCache, format 2) for the numpy screens
beside it (faceres_weighting.py, both_backbones.py)."""
import struct
import numpy as np


def read_cache(path):
    """FeatureCache format 2: key, then per sample 8 strings, detected, usable, baseline, features."""
    b = open(path, 'rb').read()
    o = 0

    def take(fmt):
        nonlocal o
        v = struct.unpack_from(fmt, b, o)
        o += struct.calcsize(fmt)
        return v[0]

    def utf():
        nonlocal o
        n = take('>H')
        s = b[o:o + n].decode('utf-8', 'replace')
        o += n
        return s

    def floats():
        nonlocal o
        n = take('>i')
        v = np.frombuffer(b, dtype='>f4', count=n, offset=o).astype(np.float64)
        o += 4 * n
        return v

    take('>i')
    key = utf()
    rows = []
    for _ in range(take('>i')):
        t = [utf() for _ in range(8)]
        detected, usable = take('>?'), take('>?')
        baseline = take('>f')
        x = floats()
        floats()
        rows.append(dict(file=t[0], variant=t[1], sex=t[3], race=t[5], identity=t[6],
                         masked=t[7], answerable=detected and usable, baseline=baseline, x=x))
    return key, rows
