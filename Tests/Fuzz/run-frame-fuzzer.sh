#!/bin/sh
# Builds and runs the libFuzzer target of the broker's request decoding.
#
#   Tests/Fuzz/run-frame-fuzzer.sh [RUNS] [extra libFuzzer flags...]
#
# RUNS defaults to 1000000. The build goes to .build-fuzz/ (the corpus grows in .build-fuzz/corpus, seeded
# with a few valid requests); a crash leaves its input in .build-fuzz/ and makes the script exit non-zero.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-1000000}
[ $# -gt 0 ] && shift
out="$root/.build-fuzz"
mkdir -p "$out/corpus"

swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name SluiceBrokerFuzz \
    -o "$out/frame-decoder-fuzzer" \
    "$root"/Sources/SluiceBroker/*.swift "$root"/Sources/SluiceBroker/*/*.swift \
    "$root/Tests/Fuzz/FrameDecoderFuzzer.swift"

# Seeds: ApiVersions v3, Metadata v4 for "fuzz", ListGroups v2 (without their length prefixes).
printf '\000\022\000\003\000\000\000\001\000\004fuzz\000\002a\0041.0\000' > "$out/corpus/api-versions"
printf '\000\003\000\004\000\000\000\002\000\004fuzz\000\000\000\001\000\004fuzz\001' > "$out/corpus/metadata"
printf '\000\020\000\002\000\000\000\003\377\377' > "$out/corpus/list-groups"

cd "$out"
exec ./frame-decoder-fuzzer -runs="$runs" -max_len=4096 -print_final_stats=1 "$@" corpus
