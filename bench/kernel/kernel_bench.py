"""Cold start and per-cell round trip: the VvsNotebook C# kernel against ipykernel, through the same jupyter_client.

Cold start = launching the kernel process until the first trivial cell's result has arrived (what a user waits for
after opening a notebook). Round trip = execute_request of a trivial cell until its idle status, on a warm kernel.
Both kernels are driven in the same run by the same client code, interleaved (a start of one, then of the other; a cell
on one, then on the other), so that load from elsewhere on a shared machine falls on both alike. Medians are reported
with the ratio ours/ipykernel.
"""
import argparse
import statistics
import time

from jupyter_client.manager import start_new_kernel


def first_result(kernel_name, code):
    started = time.perf_counter()
    km, kc = start_new_kernel(kernel_name=kernel_name, startup_timeout=120)
    got = []
    kc.execute_interactive(code, timeout=120, output_hook=lambda m: got.append(m["msg_type"]))
    elapsed = time.perf_counter() - started
    if "execute_result" not in got:
        raise SystemExit(f"{kernel_name}: no execute_result for {code!r} (got {got})")
    return elapsed, km, kc


def one_trip(kc, code):
    started = time.perf_counter()
    reply = kc.execute_interactive(code, timeout=60, output_hook=lambda m: None)
    elapsed = time.perf_counter() - started
    if reply["content"]["status"] != "ok":
        raise SystemExit(f"cell failed: {reply['content']}")
    return elapsed


def measure(kernels, code, starts, cells, warmup):
    """Cold starts and then round trips of each kernel in `kernels`, alternating between them."""
    cold = {k: [] for k in kernels}
    trips = {k: [] for k in kernels}
    clients = {}
    try:
        for i in range(starts):
            for k in kernels:
                elapsed, km, kc = first_result(k, code)
                cold[k].append(elapsed)
                if i == starts - 1:
                    clients[k] = (km, kc)
                else:
                    kc.stop_channels()
                    km.shutdown_kernel(now=False)
        for _ in range(warmup):
            for k in kernels:
                one_trip(clients[k][1], code)
        for _ in range(cells):
            for k in kernels:
                trips[k].append(one_trip(clients[k][1], code))
    finally:
        for km, kc in clients.values():
            kc.stop_channels()
            km.shutdown_kernel(now=False)
    return cold, trips


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ours", default="vvs-csharp")
    parser.add_argument("--reference", default="python3")
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--cells", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args()

    cold, trips = measure([args.ours, args.reference], "1 + 1", args.starts, args.cells, args.warmup)
    ours_cold, ours_trips = cold[args.ours], trips[args.ours]
    ref_cold, ref_trips = cold[args.reference], trips[args.reference]

    def row(name, ours, ref, unit="ms", scale=1000):
        o, r = statistics.median(ours) * scale, statistics.median(ref) * scale
        print(f"{name:<34}{o:>12.1f} {unit}{r:>12.1f} {unit}{o / r:>10.2f}x")

    print(f"{'median of':<34}{'VvsNotebook':>15}{'ipykernel':>15}{'ratio':>11}")
    row(f"cold start to first result ({args.starts} starts)", ours_cold, ref_cold, "s ", 1)
    row(f"round trip, trivial cell ({args.cells} cells)", ours_trips, ref_trips)
    print(f"{'p90 round trip':<34}{statistics.quantiles(ours_trips, n=10)[-1] * 1000:>12.1f} ms"
          f"{statistics.quantiles(ref_trips, n=10)[-1] * 1000:>12.1f} ms")


if __name__ == "__main__":
    main()
