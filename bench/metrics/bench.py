#!/usr/bin/python3
"""Ours vs scikit-learn/scipy, side by side on the same data and splits.

1. Neural predictivity with PLS (25 components) on 3200 images x 4096 features x 168 neuroids, 10 stratified
   90/10 splits (Brain-Score's MajajHong IT shape): scikit-learn's PLSRegression + scipy pearsonr loop vs
   `vvs metric neural-predictivity`. Same splits (written to JSON and passed to vvs).
2. RSA with 10,000 stimulus-label permutations on 720 stimuli (THINGS-fMRI shape): scipy spearmanr per permutation
   vs `vvs metric rsa`. Same permutations (numpy RandomState(0).permutation, which vvs reproduces bit for bit).

Timings are compute only (vvs reports its own compute time, excluding process start and .npy loading).
Run with Debian's python: /usr/bin/python3 bench/metrics/bench.py [--vvs ./vvs] [--rsa-reference-permutations N]
"""
import argparse, json, os, subprocess, sys, tempfile, time
import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument('--vvs', default=os.path.join(os.path.dirname(__file__), '..', '..', 'vvs'))
ap.add_argument('--images', type=int, default=3200)
ap.add_argument('--features', type=int, default=4096)
ap.add_argument('--neuroids', type=int, default=168)
ap.add_argument('--stimuli', type=int, default=720)
ap.add_argument('--permutations', type=int, default=10000)
ap.add_argument('--rsa-reference-permutations', type=int, default=1000,
                help='permutations run through scipy (the rest is extrapolated linearly, and said so)')
ap.add_argument('--pls-reference-splits', type=int, default=10,
                help='splits run through scikit-learn (its time is extrapolated to 10 linearly, and said so)')
args = ap.parse_args()

from sklearn.cross_decomposition import PLSRegression
from sklearn.model_selection import StratifiedShuffleSplit
from scipy import stats
from scipy.spatial.distance import pdist, squareform

work = tempfile.mkdtemp(prefix='vvs-bench-')
rng = np.random.RandomState(0)

def vvs(*a):
    out = subprocess.run([args.vvs, 'metric', *a, '--json'], check=True, capture_output=True, text=True).stdout
    return json.loads(out[out.index('{'):])

# ---------------------------------------------------------------- 1. PLS neural predictivity
n, p, q = args.images, args.features, args.neuroids
objects = 64
labels = np.repeat(np.arange(objects), n // objects + 1)[:n]
latent = rng.randn(n, 60) + 0.8 * rng.randn(objects, 60)[labels]
X = np.maximum(latent @ rng.randn(60, p) / 8 + 0.3 * rng.randn(n, p), 0).astype(np.float32)   # ReLU-like activations
Y = latent[:, :40] @ rng.randn(40, q) / 6 + rng.randn(n, q)                                   # noisy neuroids
np.save(os.path.join(work, 'X.npy'), X); np.save(os.path.join(work, 'Y.npy'), Y)
splits = list(StratifiedShuffleSplit(n_splits=10, train_size=0.9, random_state=1).split(np.zeros(n), labels))
with open(os.path.join(work, 'splits.json'), 'w') as f:
    json.dump([{'train': a.tolist(), 'test': b.tolist()} for a, b in splits], f)

print(f'== PLS neural predictivity: {n} images x {p} features x {q} neuroids, 10 splits, 25 components', flush=True)
ours = vvs('neural-predictivity', '--features', os.path.join(work, 'X.npy'), '--neural', os.path.join(work, 'Y.npy'),
           '--splits', os.path.join(work, 'splits.json'))
print(f'   vvs:          {ours["compute_seconds"]:8.2f} s   raw r = {ours["raw"]:.6f}', flush=True)
k = max(1, min(10, args.pls_reference_splits))
if True:
    X64 = X.astype(np.float64)
    t0 = time.perf_counter(); med = []
    for tr, te in splits[:k]:
        P = PLSRegression(n_components=25, scale=False).fit(X64[tr], Y[tr]).predict(X64[te])
        med.append(np.nanmedian([stats.pearsonr(Y[te, j], P[:, j])[0] for j in range(q)]))
    ref_t = (time.perf_counter() - t0) * 10 / k
    note = '' if k == 10 else f' (ran {k} of 10 splits, extrapolated x{10 / k:g})'
    print(f'   scikit-learn: {ref_t:8.2f} s{note}   mean of its split medians = {np.mean(med):.6f}')
    dev = np.max(np.abs(np.array(med) - np.array(ours['split_medians'][:k])))
    print(f'   max |split median difference| = {dev:.2e}')
    print(f'   speed-up (scikit-learn / vvs) = {ref_t / ours["compute_seconds"]:.1f}x', flush=True)

# ---------------------------------------------------------------- 2. RSA permutation test
s = args.stimuli
cats = rng.randn(24, 100)
A = cats[np.arange(s) % 24] + rng.randn(s, 100)
B = A[:, :50] @ rng.randn(50, 300) + 6 * rng.randn(s, 300)
np.save(os.path.join(work, 'A.npy'), A); np.save(os.path.join(work, 'B.npy'), B)
print(f'\n== RSA (Spearman) with {args.permutations} permutations on {s} stimuli', flush=True)
ours = vvs('rsa', '--a', os.path.join(work, 'A.npy'), '--b', os.path.join(work, 'B.npy'), '--permutations', str(args.permutations), '--seed', '0')
print(f'   vvs:          {ours["compute_seconds"]:8.2f} s   rho = {ours["rsa"]:.6f}  p = {ours["p_value"]:.5f}', flush=True)
a, b = pdist(A, 'correlation'), pdist(B, 'correlation')
M = squareform(a)
k = min(args.rsa_reference_permutations, args.permutations)
rs = np.random.RandomState(0)
t0 = time.perf_counter()
obs = stats.spearmanr(a, b)[0]
null = []
for _ in range(k):
    perm = rs.permutation(s)
    null.append(stats.spearmanr(squareform(M[np.ix_(perm, perm)], checks=False), b)[0])
ref_t = time.perf_counter() - t0
full = ref_t * args.permutations / k
note = '' if k == args.permutations else f' (ran {k}, extrapolated x{args.permutations / k:g})'
p_ref = (1 + np.sum(np.array(null) >= obs - 1e-12)) / (1 + k)
print(f'   scipy:        {full:8.2f} s{note}   rho = {obs:.6f}  p = {p_ref:.5f} over its {k} permutations')
print(f'   speed-up (scipy / vvs) = {full / ours["compute_seconds"]:.1f}x')
