#!/usr/bin/env python3
"""Inclusive CPU share per function from `perf script -F comm,ip,sym,dso` (issue 22).

A function's share is the fraction of samples with it anywhere on the stack (counted once per sample); the tiers of one
.NET method ([QuickJitted], [OptimizedTier1], [OptimizedTier1OSR]…) are merged. Self shares by DSO come first.
  DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 perf record -F 499 -g -o perf.data -- dotnet facet.dll load …
  perf script -i perf.data -F comm,ip,sym,dso | bench/perf-inclusive.py 'Facet\\.' 'Regex'
Arguments: regular expressions; only functions matching one are listed (all when none is given).
"""
import collections
import re
import sys

TIER = re.compile(r'\[(QuickJitted|OptimizedTier1OSR|OptimizedTier1|Optimized|Tier0|Tier1|PreJIT|OSR|Instrumented[^\]]*)\]$')
METHOD = re.compile(r'\] ([\w.`+<>|\[\],_]+?)::([^\(]+)\(')
FRAME = re.compile(r'\s+[0-9a-f]+ (.*) \((.*)\)$')


def name(symbol):
    symbol = TIER.sub('', symbol)
    m = METHOD.search(symbol)
    return f"{m.group(1)}::{m.group(2)}" if m else symbol[:100]


def main():
    wanted = [re.compile(p) for p in sys.argv[1:]]
    total = 0
    inclusive, own, dso = collections.Counter(), collections.Counter(), collections.Counter()
    stack = []

    def flush():
        nonlocal total
        if not stack:
            return
        total += 1
        seen = set()
        for depth, (symbol, library) in enumerate(stack):
            n = name(symbol)
            if depth == 0:
                own[n] += 1
                dso[library] += 1
            if n not in seen:
                seen.add(n)
                inclusive[n] += 1

    for line in sys.stdin:
        line = line.rstrip('\n')
        if not line.strip():
            flush()
            stack = []
        elif line[:1] in ' \t' and (m := FRAME.match(line)):
            stack.append((m.group(1), m.group(2).split('/')[-1]))
    flush()
    if total == 0:
        sys.exit("no samples: pipe `perf script -F comm,ip,sym,dso` into this script")
    print(f"samples {total}")
    print("-- self, by library")
    for library, count in dso.most_common(10):
        print(f"{100 * count / total:6.1f}%  {library}")
    print("-- inclusive")
    for function, count in inclusive.most_common():
        if wanted and not any(p.search(function) for p in wanted):
            continue
        print(f"{100 * count / total:6.1f}%  self {100 * own[function] / total:5.1f}%  {function}")


if __name__ == '__main__':
    main()
