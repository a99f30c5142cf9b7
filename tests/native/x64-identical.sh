#!/bin/sh
# Whole modules under -X emit=native: compile every source that has a
# reference ../shared/vectors/ref/NAME.x64.mpy (and helper modules
# ref/NAME.d/REL.x64.mpy) and count byte-identical files.
# usage: tests/native/x64-identical.sh [MICA_CROSS] [-v] [-min N]
#   exit status 1 if fewer than N files are identical (default: 0).
CROSS=${1:-build/mica-cross}
shift 2>/dev/null
VERBOSE=0
MIN=0
while [ $# -gt 0 ]; do
    case "$1" in
        -v) VERBOSE=1 ;;
        -min) shift; MIN=$1 ;;
    esac
    shift
done
VEC=$(cd "$(dirname "$0")/../../../shared/vectors" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
total=0
same=0
check() { # src-dir rel-path ref-file
    total=$((total + 1))
    out="$TMP/out.mpy"
    rm -f "$out"
    if (cd "$1" && "$CROSS" -o "$out" -s "$2" -X emit=native -march=x64 "$2") 2>"$TMP/err" \
        && cmp -s "$out" "$3"; then
        same=$((same + 1))
    elif [ $VERBOSE = 1 ]; then
        echo "DIFF $3: $(head -c 200 "$TMP/err" | tail -1)"
    fi
}
case "$CROSS" in /*) ;; *) CROSS="$(pwd)/$CROSS" ;; esac
for ref in "$VEC"/ref/*.x64.mpy; do
    name=$(basename "$ref" .x64.mpy)
    check "$VEC/src" "$name.py" "$ref"
done
for ref in $(cd "$VEC/ref" && find . -path './*.d/*' -name '*.x64.mpy' | sort); do
    d=${ref#./}
    top=${d%%.d/*}
    rel=${d#*.d/}
    rel=${rel%.x64.mpy}.py
    check "$VEC/src/$top.d" "$rel" "$VEC/ref/$d"
done
echo "x64 emit=native: $same/$total identical"
[ "$same" -ge "$MIN" ]
