#!/bin/sh
# Frozen modules and in-place loading (examples/frozen, tests/frozen).
#
#   [VARIANT=asan] tests/frozen/run.sh [BUILD]   (default: build; BUILD may be absolute)
#
# 1. builds `make frozen` (the example program with its generated frozen.c,
#    frozen_checks and inplace_vectors);
# 2. runs examples/frozen's program and compares its output with
#    frozen_demo.exp, also under MICA_GC_STRESS=1;
# 3. runs frozen_checks (sys.path marker, __file__, search order, damaged
#    frozen data, registration), also under MICA_GC_STRESS=1;
# 4. checks that `mica-mpy freeze` refuses bad input with the verifier's
#    message and exit status 1 and writes nothing;
# 5. runs every ../shared/vectors/ref/*.mpy copied and in place
#    (inplace_vectors), also under MICA_GC_STRESS=1.
# Prints one line per check and `frozen: N passed, N failed`.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
BUILD=${1:-build}
case "$BUILD" in /*) B=$BUILD ;; *) B=$ROOT/$BUILD ;; esac
REF=$ROOT/../shared/vectors/ref
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

if ! make -s ${VARIANT:+VARIANT=$VARIANT} BUILD="$BUILD" frozen >/dev/null; then
    echo "FAIL make frozen"
    echo "frozen: 0 passed, 1 failed"
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---- the example program ----
for stress in 0 1; do
    if (cd "$tmp" && MICA_GC_STRESS=$stress "$B/frozen_demo") >"$tmp/out" 2>"$tmp/err" &&
        cmp -s "$tmp/out" tests/frozen/frozen_demo.exp && [ ! -s "$tmp/err" ]; then
        ok "frozen_demo (MICA_GC_STRESS=$stress)"
    else
        bad "frozen_demo (MICA_GC_STRESS=$stress)"
        diff tests/frozen/frozen_demo.exp "$tmp/out" | head -20
        head -20 "$tmp/err"
    fi
done

# ---- frozen_checks ----
for stress in 0 1; do
    mkdir -p "$tmp/scratch"
    (cd "$tmp" && MICA_GC_STRESS=$stress "$B/frozen_checks" "$tmp/scratch") >"$tmp/out" 2>&1
    st=$?
    line=$(grep -E '^frozen-checks: [0-9]+ passed, [0-9]+ failed$' "$tmp/out")
    if [ $st -eq 0 ] && [ -n "$line" ] && echo "$line" | grep -q ' 0 failed$'; then
        ok "frozen_checks (MICA_GC_STRESS=$stress): ${line#frozen-checks: }"
    else
        bad "frozen_checks (MICA_GC_STRESS=$stress), exit $st"
        grep -v '^ok ' "$tmp/out" | head -30
    fi
done

# ---- mica-mpy freeze refuses bad input ----
G=$B/frozen/greet.mpy
python3 - "$G" "$tmp" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
d = sys.argv[2]
open(d + "/truncated.mpy", "wb").write(data[: len(data) // 2])
b = bytearray(data)
b[-3] = 0xFF  # an invalid opcode in the last function
open(d + "/flipped.mpy", "wb").write(bytes(b))
open(d + "/notmpy.mpy", "wb").write(b"hello, not a .mpy file\n")
b = bytearray(data)
b[1] = 5  # version 5
open(d + "/version.mpy", "wb").write(bytes(b))
EOF
# file, the verifier's words expected in the message
while read -r f want; do
    rm -f "$tmp/bad.c"
    "$B/mica-mpy" freeze -o "$tmp/bad.c" "$G" "$tmp/$f" >"$tmp/out" 2>"$tmp/err"
    st=$?
    if [ $st -eq 1 ] && grep -q "^mica-mpy freeze: $tmp/$f: .*$want" "$tmp/err" &&
        [ ! -e "$tmp/bad.c" ]; then
        ok "freeze refuses $f: $(sed "s|$tmp/||g" "$tmp/err")"
        cp "$tmp/err" "$tmp/err.$f"
    else
        bad "freeze of $f: exit $st, expected 1 with '$want'"
        cat "$tmp/err"
    fi
done <<'EOF'
truncated.mpy truncated
flipped.mpy invalid opcode 0xff
notmpy.mpy not a .mpy file
version.mpy version 5
EOF
# the same file verified by `mica-mpy verify` gives the same reason
v=$("$B/mica-mpy" verify "$tmp/flipped.mpy")
if [ -n "$v" ] && [ "mica-mpy freeze: $v" = "$(cat "$tmp/err.flipped.mpy" 2>/dev/null)" ]; then
    ok "mica-mpy verify gives the same reason"
else
    bad "mica-mpy verify: $v"
fi
# naming errors and usage
"$B/mica-mpy" freeze "$G" greet="$B/frozen/shapes/circle.mpy" >/dev/null 2>"$tmp/err"
st=$?
if [ $st -eq 1 ] && grep -q "module 'greet' is frozen twice" "$tmp/err"; then
    ok "freeze refuses a duplicate module name"
else
    bad "duplicate name: exit $st"; cat "$tmp/err"
fi
"$B/mica-mpy" freeze shapes.circle="$B/frozen/shapes/circle.mpy" >/dev/null 2>"$tmp/err"
st=$?
if [ $st -eq 1 ] && grep -q "its package 'shapes' is not frozen" "$tmp/err"; then
    ok "freeze refuses a submodule without its package"
else
    bad "submodule without package: exit $st"; cat "$tmp/err"
fi
"$B/mica-mpy" freeze "$REF/native_loops.x64.mpy" >/dev/null 2>"$tmp/err"
st=$?
if [ $st -eq 1 ] && grep -q "give NAME=" "$tmp/err"; then
    ok "freeze asks for NAME= when a file name is not a module name"
else
    bad "NAME.x64.mpy: exit $st"; cat "$tmp/err"
fi
"$B/mica-mpy" freeze --bogus "$G" >/dev/null 2>&1
st=$?
if [ $st -eq 2 ]; then ok "freeze usage error: exit 2"; else bad "freeze --bogus: exit $st"; fi
# a good freeze compiles warning-free with a symbol prefix, twice in one program
(cd "$B/frozen" && "$B/mica-mpy" freeze --name-prefix other -o "$tmp/other.c" greet.mpy lib=shapes/__init__.mpy 2>"$tmp/err") ||
    cat "$tmp/err"
if grep -q 'const mica_frozen_module_t other_modules\[\]' "$tmp/other.c" 2>/dev/null &&
    grep -q '{"lib", other_mpy_1, sizeof(other_mpy_1), 1}' "$tmp/other.c" &&
    ${CC:-cc} -std=c11 -Wall -Wextra -Werror -Iinclude -c "$tmp/other.c" -o "$tmp/other.o" &&
    ${CC:-cc} -std=c11 -Wall -Wextra -Werror -Iinclude -c "$B/frozen/frozen.c" -o "$tmp/frozen.o"; then
    ok "freeze --name-prefix: C file compiles with -Wall -Wextra -Werror"
else
    bad "freeze --name-prefix output"
fi

# ---- every reference .mpy, copied and in place ----
"$B/inplace_vectors" "$REF"/*.mpy >"$tmp/out" 2>&1
st=$?
line=$(grep -E '^inplace: [0-9]+ passed, [0-9]+ failed$' "$tmp/out")
if [ $st -eq 0 ] && [ -n "$line" ]; then
    ok "in place = copied = exp for every ref/*.mpy: ${line#inplace: }"
else
    bad "inplace_vectors, exit $st"
    grep -v '^ok ' "$tmp/out" | head -40
fi
MICA_GC_STRESS=1 "$B/inplace_vectors" "$REF"/*.mpy >"$tmp/out" 2>&1
st=$?
line=$(grep -E '^inplace: [0-9]+ passed, [0-9]+ failed$' "$tmp/out")
if [ $st -eq 0 ] && [ -n "$line" ]; then
    ok "the same under MICA_GC_STRESS=1: ${line#inplace: }"
else
    bad "inplace_vectors under MICA_GC_STRESS=1, exit $st"
    grep -v '^ok ' "$tmp/out" | head -40
fi

echo "frozen: $pass passed, $fail failed"
[ $fail -eq 0 ]
