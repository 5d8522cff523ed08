#!/usr/bin/env python3
"""Times `applens check FOLDER --json` with --jobs 1 and with the default jobs, interleaved, and measures the
peak resident memory of each with GNU time. Called by script/bench-batch; writes target/bench/batch.json."""
import json
import os
import re
import statistics
import subprocess
import sys
import time

binary, folder, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
# A shared machine's other work takes cores from one run and not the next; a negative niceness (root only)
# lets both commands have the cores while they run, so what is measured is the batch, not the neighbours.
nice = os.environ.get("APPLENS_BENCH_NICE")
prefix = ["nice", "-n", nice] if nice else []
commands = {
    "jobs 1": [*prefix, binary, "check", folder, "--json", "--jobs", "1"],
    f"default ({os.cpu_count()} cores)": [*prefix, binary, "check", folder, "--json"],
}


def once(cmd):
    start = time.perf_counter()
    before = os.times()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = os.times()
    # Exit status 1 is expected when the folder holds a file that cannot be analysed; anything else is not.
    if done.returncode not in (0, 1, 3):
        sys.exit(f"{' '.join(cmd)} exited with {done.returncode}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return time.perf_counter() - start, cpu


def peak_rss_kib(cmd):
    done = subprocess.run(["/usr/bin/time", "-v", *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    return int(found.group(1)) if found else None


packages = subprocess.run([binary, "check", folder, "--jsonl"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.count(b"\n")
print(f"{folder}: {packages} packages; {os.cpu_count()} cores; load average at start {os.getloadavg()[0]:.2f}" + (f"; niceness {nice}" if nice else ""))
for cmd in commands.values():  # warm the page cache and the binary
    once(cmd)
wall = {name: [] for name in commands}
cpu = {name: [] for name in commands}
for _ in range(runs):
    for name, cmd in commands.items():
        w, c = once(cmd)
        wall[name].append(w)
        cpu[name].append(c)
result = {"folder": folder, "packages": packages, "runs": runs, "cores": os.cpu_count(), "niceness": nice, "load_at_end": os.getloadavg()[0]}
for name, cmd in commands.items():
    rss = peak_rss_kib(cmd)
    med = statistics.median(wall[name])
    result[name] = {"median_s": med, "min_s": min(wall[name]), "max_s": max(wall[name]), "cpu_median_s": statistics.median(cpu[name]), "peak_rss_kib": rss}
    print(f"  {name:<22} median {med:.3f} s (min {min(wall[name]):.3f}, max {max(wall[name]):.3f}), CPU {statistics.median(cpu[name]):.3f} s, peak RSS {rss / 1024:.1f} MiB")
one, default = (result[n]["median_s"] for n in commands)
result["speedup"] = one / default
print(f"  speedup of the default over --jobs 1: {one / default:.2f}x (median of {runs} interleaved runs each); load average at end {result['load_at_end']:.2f}")
os.makedirs("target/bench", exist_ok=True)
with open("target/bench/batch.json", "w") as f:
    json.dump(result, f, indent=2)
