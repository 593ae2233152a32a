#!/usr/bin/python3
"""Reference for VvsNotebook's fitter: the original pipeline's objective and optimiser.

sum_i Huber_delta(LSE(terms_i) - log L_i) minimised with scipy.optimize.minimize(method="BFGS") and numerical
gradients (scipy's default, as in epflneuroailab/scaling-primate-vvs), from each given start; the best loss wins.

stdin:  {"fits": [{"name", "form": power_law|power_law_shift|chinchilla, "delta", "x": [[...], ...], "y": [...],
                   "starts": [[...], ...]}, ...]}
stdout: one JSON object per fit: {"name", "loss", "x", "starts", "seconds", "cpu_seconds"}
Run with Debian's /usr/bin/python3 (python3-numpy, python3-scipy).
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import huber, logsumexp


def objective(form, x, log_y, delta):
    ones = np.ones_like(log_y)

    def terms(p):
        if form == "power_law":
            e, a, alpha = p
            return [e * ones, a - alpha * np.log(x[0])]
        if form == "power_law_shift":
            e, a, lam, alpha = p
            return [e * ones, a - alpha * np.log(x[0] + 10 ** lam)]
        e, a, alpha, b, beta = p
        return [e * ones, a - alpha * np.log(x[0]), b - beta * np.log(x[1])]

    return lambda p: np.sum(huber(delta, logsumexp(np.stack(terms(p)), axis=0) - log_y))


def main():
    request = json.load(sys.stdin)
    for fit in request["fits"]:
        x = [np.asarray(c, dtype=float) for c in fit["x"]]
        f = objective(fit["form"], x, np.log(np.asarray(fit["y"], dtype=float)), float(fit["delta"]))
        start = time.perf_counter()
        cpu = time.process_time()
        best = None
        with np.errstate(all="ignore"):
            for s in fit["starts"]:
                r = minimize(f, np.asarray(s, dtype=float), method="BFGS")
                if best is None or r.fun < best.fun:
                    best = r
        print(json.dumps({"name": fit["name"], "loss": float(best.fun), "x": [float(v) for v in best.x],
                          "starts": len(fit["starts"]), "seconds": time.perf_counter() - start,
                          "cpu_seconds": time.process_time() - cpu}), flush=True)


if __name__ == "__main__":
    main()
