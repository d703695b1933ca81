#!/usr/bin/env python3
"""How long `facet demo` takes from SIGINT to exit (issue 23), and where the time goes.

Usage: bench/demo-stop.py PATH/TO/facet [SECONDS_AFTER_FIRST_ORDERS]   (EXTRA="--log-level Information" for the processor's lines)
Starts the demo on a fresh DuckDB file with SIGINT at its default disposition (a background job would inherit it
ignored), waits for the first orders plus the given seconds, sends SIGINT and prints the lines from then on (the
demo's "stopped in … (steps)" and "closed … (parts)") and the time to exit. Run it beside `stress-ng --cpu N` to see a
busy machine.
"""
import os, signal, subprocess, sys, time, tempfile, threading
facet = sys.argv[1]
wait = float(sys.argv[2]) if len(sys.argv) > 2 else 10
d = tempfile.mkdtemp()
env = dict(os.environ, FACET_LOG_LEVEL=os.environ.get("FACET_LOG_LEVEL", "Information"))
p = subprocess.Popen([facet, "demo", "--port", "0", "--warehouse", "duckdb:" + d + "/demo.duckdb", "--rate", "1000", "--duration", "90s"] + os.environ.get("EXTRA", "").split(),
                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                     preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
lines = []
t0 = time.time()
orders = threading.Event()
def reader():
    for l in p.stdout:
        lines.append((time.time(), l.rstrip()))
        if l.startswith("first orders loaded"):
            orders.set()
threading.Thread(target=reader, daemon=True).start()
orders.wait(120)
time.sleep(wait)
sent = time.time()
os.kill(p.pid, signal.SIGINT)
p.wait(60)
took = time.time() - sent
time.sleep(0.2)
for t, l in lines:
    if t >= sent - 0.01 or "stopped" in l or "closed" in l:
        print(f"+{t - sent:6.2f} {l[:400]}")
print(f"EXIT {p.returncode} after {took:.2f} s; load {os.getloadavg()[0]:.1f}")
