#!/bin/sh
# Runs every unit-test program given as an argument and adds up their
# PASS/FAIL lines. A program that crashes or exits non-zero without
# printing a FAIL line counts as one failure, and so does a program that
# did not build. Ends with "N passed, N failed".
pass=0
fail=0
for t in "$@"; do
    if [ ! -x "$t" ]; then
        echo "FAIL $(basename "$t"): did not build"
        fail=$((fail + 1))
        continue
    fi
    out=$("$t" 2>&1)
    rc=$?
    printf '%s\n' "$out" | grep -v '^PASS ' | sed "s|^|$(basename "$t"): |"
    p=$(printf '%s\n' "$out" | grep -c '^PASS ')
    f=$(printf '%s\n' "$out" | grep -c '^FAIL ')
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "FAIL $(basename "$t"): exit status $rc"
        f=1
    fi
    pass=$((pass + p))
    fail=$((fail + f))
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
