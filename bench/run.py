#!/usr/bin/env python3
"""Benchmark table: Mica against CPython (and MicroPython when installed).

Runs every bench/*.py program (except this script) with build/mica
(--mica), python3 and, when it is on PATH, micropython; each several
times (--runs), keeping the best time. Times are CPU seconds (user + sys
of the child process) by default, which stay meaningful on a busy machine;
--wall uses elapsed time instead. Outputs must agree with python3's: a
program whose output differs is marked DIFF (FAIL if it crashed or timed
out) and left out of the geometric mean of the mica/python3 ratios.

Exit status: 0 when every program ran on mica with python3's output, else 1.
"""
import argparse
import math
import resource
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def real_python3():
    """The python3 executable itself (pyenv-style shims add start-up time)."""
    exe = shutil.which("python3")
    if exe is None:
        return None
    try:
        out = subprocess.run([exe, "-c", "import sys; print(sys.executable)"],
                             capture_output=True, text=True, timeout=30)
        path = out.stdout.strip()
        if out.returncode == 0 and path:
            return path
    except (OSError, subprocess.SubprocessError):
        pass
    return exe


def run_once(cmd, prog, timeout):
    """Run `cmd prog`; returns (seconds, stdout, error text or None)."""
    start = time.perf_counter()
    try:
        proc = subprocess.Popen(cmd + [prog], cwd=HERE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
    except OSError as e:
        return None, b"", str(e)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return None, b"", "timeout after %ss" % timeout
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        msg = err.decode("utf-8", "replace").strip().splitlines()
        return None, out, "exit %d: %s" % (proc.returncode, msg[-1] if msg else "")
    return elapsed, out, None


def timed(cmd, prog, runs, timeout, wall):
    """Best-of-`runs` time, output of the first run, error or None. CPU time
    is the growth of RUSAGE_CHILDREN across the run (the child is reaped by
    communicate())."""
    best = None
    first_out = None
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        elapsed, out, error = run_once(cmd, prog, timeout)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if error is not None:
            return None, out, error
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        t = elapsed if wall else cpu
        if first_out is None:
            first_out = out
        elif out != first_out:
            return None, out, "output differs between runs"
        best = t if best is None else min(best, t)
    return best, first_out, None


def fmt(t):
    return "%.3f" % t if t is not None else "-"


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mica", default=os.path.join(HERE, "..", "build", "mica"),
                    help="the mica executable (default build/mica)")
    ap.add_argument("--runs", type=int, default=3, help="runs per program (best is kept)")
    ap.add_argument("--timeout", type=float, default=60, help="seconds per run")
    ap.add_argument("--only", action="append", default=[],
                    help="run only programs whose name starts with this (repeatable)")
    ap.add_argument("--wall", action="store_true", help="elapsed time instead of CPU time")
    ap.add_argument("--no-micropython", action="store_true", help="skip micropython")
    args = ap.parse_args()

    progs = sorted(f for f in os.listdir(HERE)
                   if f.endswith(".py") and f != "run.py"
                   and (not args.only or any(f.startswith(o) for o in args.only)))
    mica = os.path.abspath(args.mica)
    have_mica = os.path.isfile(mica) and os.access(mica, os.X_OK)
    py = real_python3()
    upy = None if args.no_micropython else shutil.which("micropython")
    if py is None:
        print("run.py: python3 not found", file=sys.stderr)
        return 1
    if not have_mica:
        print("run.py: %s is not an executable; timing python3 only" % mica, file=sys.stderr)

    kind = "wall" if args.wall else "cpu"
    print("best of %d runs, %s seconds; python3 = %s%s" % (
        args.runs, kind, py, "; micropython = " + upy if upy else "; micropython not on PATH"))
    header = "%-14s %10s %10s %8s %12s  %s" % ("program", "mica s", "python3 s", "ratio",
                                               "micropython s", "notes")
    print(header)
    print("-" * len(header))
    ratios = []
    all_ok = have_mica
    for prog in progs:
        name = prog[:-3]
        notes = []
        t_py, out_py, err = timed([py], prog, args.runs, args.timeout, args.wall)
        if err:
            notes.append("python3 " + err)
        t_mica = None
        if have_mica:
            t_mica, out_mica, err = timed([mica], prog, args.runs, args.timeout, args.wall)
            if err:
                notes.append("mica FAIL " + err)
                t_mica = None
                all_ok = False
            elif out_py is not None and out_mica != out_py:
                notes.append("mica DIFF from python3")
                t_mica = None
                all_ok = False
        t_upy = None
        if upy:
            t_upy, out_upy, err = timed([upy], prog, args.runs, args.timeout, args.wall)
            if err:
                notes.append("micropython FAIL " + err)
                t_upy = None
            elif out_py is not None and out_upy != out_py:
                notes.append("micropython DIFF from python3")
        ratio = None
        if t_mica is not None and t_py:
            ratio = t_mica / t_py
            ratios.append(ratio)
        print("%-14s %10s %10s %8s %12s  %s" % (
            name, fmt(t_mica), fmt(t_py), "%.2f" % ratio if ratio is not None else "-",
            fmt(t_upy), "; ".join(notes)))
        sys.stdout.flush()
    print("-" * len(header))
    if ratios:
        gm = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        print("geometric mean mica/python3: %.2f (over %d of %d programs)" % (
            gm, len(ratios), len(progs)))
    else:
        print("geometric mean mica/python3: - (no program ran correctly on mica)")
    compile_throughput(args)
    return 0 if all_ok else 1


def compile_throughput(args):
    """Source lines per second that mica-cross compiles: bench/ and every
    source of the shared vectors, compiled as one package tree (-r), best of
    the runs; mpy-cross too when it is on PATH."""
    cross = os.path.join(os.path.dirname(os.path.abspath(args.mica)), "mica-cross")
    vectors = os.path.join(HERE, "..", "..", "shared", "vectors", "src")
    if not os.path.exists(cross):
        return
    tmp = tempfile.mkdtemp(prefix="mica-bench-")
    try:
        src = os.path.join(tmp, "src")
        os.makedirs(src)
        lines = files = 0
        for folder in (HERE, vectors):
            for root, _, names in os.walk(folder):
                for n in names:
                    if not n.endswith(".py") or n == "run.py" or \
                            n.startswith(("native_", "viper_")):
                        continue  # (native code is not compiled yet)
                    path = os.path.join(root, n)
                    rel = os.path.relpath(path, folder).replace(os.sep, "_")
                    shutil.copy(path, os.path.join(src, "%s_%s" % (os.path.basename(folder), rel)))
                    with open(path, encoding="utf-8", errors="replace") as f:
                        lines += sum(1 for _ in f)
                    files += 1
        best = None
        for i in range(args.runs):
            out = os.path.join(tmp, "out%d" % i)
            t0 = time.perf_counter()
            r = subprocess.run([cross, "-r", src, "-o", out], capture_output=True)
            dt = time.perf_counter() - t0
            if r.returncode != 0:
                print("compile: mica-cross failed: %s" % r.stderr.decode(errors="replace")[-300:])
                return
            best = dt if best is None else min(best, dt)
        print("compile: mica-cross %d files, %d lines in %.3f s = %.0f lines/s" % (
            files, lines, best, lines / best))
        mpy_cross = shutil.which("mpy-cross")
        if mpy_cross:
            t0 = time.perf_counter()
            for n in sorted(os.listdir(src)):
                subprocess.run([mpy_cross, "-o", os.path.join(tmp, "ref.mpy"),
                                os.path.join(src, n)], capture_output=True)
            dt = time.perf_counter() - t0
            print("compile: mpy-cross %d files in %.3f s = %.0f lines/s (one process per file)"
                  % (files, dt, lines / dt))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
