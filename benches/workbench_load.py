#!/usr/bin/env python3
"""Load on the workbench (`xuncha serve`): N concurrent uploads of one draft to POST /check
(JSON), against one `xuncha check` of the same draft (process start included).

Prints a Markdown table: one check (median), the uploads' p50 / p95 / max latency, their ratio
to one check, and the server's peak RSS (VmHWM) before and after the load; `--json FILE` also
writes the figures for benches/compare.sh.

    python3 benches/workbench_load.py --xuncha target/release/xuncha [--uploads 50] [--rounds 3]

The draft is the example report repeated to 20,000 characters unless --draft is given.
Traffic goes only to the server this script starts on 127.0.0.1; it stops by itself.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import http.client

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def draft_of(chars):
    text = open(os.path.join(ROOT, "examples/round/reports/shuili.txt"), encoding="utf-8").read()
    head, _, body = text.partition("二、发现的主要问题")
    out = head + "二、发现的主要问题" + body
    while len(out) < chars:
        out += body
    return out[:chars]


def vmhwm(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def post(host, port, name, data):
    boundary = "----xuncha-load"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\r\n").encode()
    body += data + f"\r\n--{boundary}--\r\n".encode()
    conn = http.client.HTTPConnection(host, port, timeout=120)
    start = time.perf_counter()
    conn.request("POST", "/check", body, {
        "Host": f"{host}:{port}",
        "Accept": "application/json",
        "Content-Type": f"multipart/form-data; boundary={boundary}",
    })
    res = conn.getresponse()
    res.read()
    elapsed = time.perf_counter() - start
    conn.close()
    if res.status != 200:
        raise RuntimeError(f"status {res.status}")
    return elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--xuncha", default=os.path.join(ROOT, "target/release/xuncha"))
    ap.add_argument("--draft")
    ap.add_argument("--chars", type=int, default=20000)
    ap.add_argument("--uploads", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=3, help="bursts of --uploads")
    ap.add_argument("--check-runs", type=int, default=10)
    ap.add_argument("--json", help="also write the figures here")
    a = ap.parse_args()

    work = tempfile.mkdtemp(prefix="xuncha-load-")
    path = a.draft or os.path.join(work, "草稿.txt")
    if not a.draft:
        with open(path, "w", encoding="utf-8") as f:
            f.write(draft_of(a.chars))
    data = open(path, "rb").read()

    one = []
    for _ in range(a.check_runs):
        t = time.perf_counter()
        subprocess.run([a.xuncha, "check", path, "--format", "json", "--fail-on", "never"],
                       stdout=subprocess.DEVNULL, check=True)
        one.append(time.perf_counter() - t)
    check = statistics.median(one)

    server = subprocess.Popen([a.xuncha, "serve"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = None
        for line in server.stdout:
            if "http://" in line:
                url = line.split("http://", 1)[1].strip().rstrip("/")
                break
        host, port = url.rsplit(":", 1)
        port = int(port)
        threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
        post(host, port, "预热.txt", data)
        idle = vmhwm(server.pid)
        latencies = []
        for _ in range(a.rounds):
            results = [None] * a.uploads
            def one_upload(i):
                results[i] = post(host, port, f"草稿{i}.txt", data)
            threads = [threading.Thread(target=one_upload, args=(i,)) for i in range(a.uploads)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            latencies += results
        peak = vmhwm(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)

    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
    figures = {
        "chars": len(data.decode("utf-8")),
        "check_ms": check * 1000,
        "uploads": a.uploads,
        "rounds": a.rounds,
        "p50_ms": p(0.5) * 1000,
        "p95_ms": p(0.95) * 1000,
        "max_ms": latencies[-1] * 1000,
        "idle_mb": idle,
        "peak_mb": peak,
    }
    if a.json:
        import json
        with open(a.json, "w") as f:
            json.dump(figures, f)
    print("| measurement | figure |\n|---|---|")
    print(f"| draft | {figures['chars']} characters |")
    print(f"| one `xuncha check` (median, process start included) | {check * 1000:.0f} ms |")
    print(f"| concurrent uploads | {a.uploads} × {a.rounds} bursts |")
    print(f"| upload latency p50 / p95 / max | {p(0.5) * 1000:.0f} / {p(0.95) * 1000:.0f} / {latencies[-1] * 1000:.0f} ms |")
    print(f"| p95 ÷ one check | {p(0.95) / check:.1f}× (target ≤ 10×) |")
    print(f"| server peak RSS (idle → after the load) | {idle:.0f} → {peak:.0f} MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
