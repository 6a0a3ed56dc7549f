#!/usr/bin/python3
"""bench_nn.py - mllab's networks side by side with PyTorch, in the same run.

For each network (the dense 784-128-128-10 and LeNet-5; ReLU, Adam 1e-3,
batch 64) and each dataset (mnist, and fashion_mnist when Debian's
dataset-fashion-mnist is installed) it trains:

  mllab    `mllab run mlp|cnn --dataset D -p epochs=E -p val_frac=0 --format json
            --trace T`: the same 60000 training rows per epoch as the peer; the
            epoch times come from the trace ("seconds": the training batches only)
  PyTorch  the same architecture, initialised its own way, torch.set_num_threads(2),
            one process of its own

--defaults adds a row per network of plain `mllab run ALGO --dataset D` (every
parameter at its default: 3 epochs, 10% of the training rows held out for the
validation curves), to show the figures need no tuning.

Both follow the same learning-rate schedule: --schedule default is mllab's
default (Adam 1e-3, halved after each third of the epochs; torch: StepLR),
--schedule constant keeps 1e-3 throughout (mllab: -p lr_decay=1).

each under /usr/bin/time -v for the peak memory, and prints one table: seconds
per epoch (the median of the epochs, and the first), test accuracy after each
epoch count asked for, peak RSS, and the ratio of the epoch times.  A JSON file
with every number is written with --json.

The runs alternate (mllab, torch, mllab, torch ...) so that a busy machine
slows both alike.  PyTorch is only the peer: mllab does not need it.

  /usr/bin/python3 bench/bench_nn.py --mllab BUILD/mllab [--epochs 3]
        [--models mlp,cnn] [--datasets mnist,fashion_mnist] [--repeat 1]
        [--threads 2] [--json results.json]

MLLAB_DATA_DIR must point at the bundled datasets (or run from the source tree).
bench/nn_epoch.c is a C driver for profiling subsets of the same runs.
"""
import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)

FASHION_DIR = "/usr/share/datasets/fashion-mnist"


# --------------------------------------------------------------------------- data

def idx_dir(dataset):
    if dataset == "mnist":
        base = os.environ.get("MLLAB_DATA_DIR", os.path.join(TOP, "datasets"))
        return os.path.join(base, "mnist")
    if dataset == "fashion_mnist":
        return FASHION_DIR
    raise SystemExit("unknown dataset " + dataset)


def read_idx(path):
    import numpy as np
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_numpy(dataset):
    import numpy as np
    d = idx_dir(dataset)
    xtr = read_idx(os.path.join(d, "train-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
    ytr = read_idx(os.path.join(d, "train-labels-idx1-ubyte.gz")).astype(np.int64)
    xte = read_idx(os.path.join(d, "t10k-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
    yte = read_idx(os.path.join(d, "t10k-labels-idx1-ubyte.gz")).astype(np.int64)
    return xtr, ytr, xte, yte


# --------------------------------------------------------------------------- the PyTorch side

def torch_worker(args):
    """Runs in its own process: trains one model, prints one JSON line."""
    import numpy as np
    import torch
    from torch import nn

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    xtr, ytr, xte, yte = load_numpy(args.dataset)
    xtr = torch.from_numpy(xtr).reshape(-1, 1, 28, 28)
    xte = torch.from_numpy(xte).reshape(-1, 1, 28, 28)
    ytr = torch.from_numpy(ytr)
    yte = torch.from_numpy(yte)
    if args.model == "mlp":
        model = nn.Sequential(nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 128),
                              nn.ReLU(), nn.Linear(128, 10))
    else:
        model = nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                              nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
                              nn.Linear(84, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    sched = None
    if args.schedule == "default":
        sched = torch.optim.lr_scheduler.StepLR(opt, step_size=max(1, args.epochs // 3),
                                                gamma=0.5)
    loss_fn = nn.CrossEntropyLoss()
    n = xtr.shape[0]
    epoch_seconds, accuracy = [], []
    g = torch.Generator().manual_seed(args.seed)
    for _ in range(args.epochs):
        model.train()
        perm = torch.randperm(n, generator=g)
        t0 = time.perf_counter()
        for i in range(0, n, 64):
            idx = perm[i:i + 64]
            opt.zero_grad()
            loss = loss_fn(model(xtr[idx]), ytr[idx])
            loss.backward()
            opt.step()
        epoch_seconds.append(time.perf_counter() - t0)
        if sched:
            sched.step()
        model.eval()
        with torch.no_grad():
            pred = torch.cat([model(xte[i:i + 1000]).argmax(1) for i in range(0, len(xte), 1000)])
        accuracy.append(float((pred == yte).float().mean()))
    print(json.dumps({"epoch_seconds": epoch_seconds, "accuracy": accuracy,
                      "torch": torch.__version__, "threads": torch.get_num_threads()}))


# --------------------------------------------------------------------------- running things

def timed(cmd, env=None):
    """Run cmd under /usr/bin/time -v; returns (stdout, peak RSS in MB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = ["/usr/bin/time", "-v", "-o", tf.name] + cmd
        p = subprocess.run(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           env=env)
        if p.returncode != 0:
            raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd), p.returncode,
                                                      p.stderr.strip()[-2000:]))
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", tf.read())
        return p.stdout, (int(m.group(1)) / 1024.0 if m else float("nan"))


def run_mllab(args, model, dataset, epochs):
    with tempfile.NamedTemporaryFile("r", suffix=".jsonl") as trace:
        cmd = [args.mllab, "run", model, "--dataset", dataset, "-p", "epochs=%d" % epochs,
               "-p", "val_frac=0", "--seed", str(args.seed), "--format", "json",
               "--trace", trace.name]
        if args.schedule == "constant":
            cmd += ["-p", "lr_decay=1"]
        env = dict(os.environ)
        env.setdefault("MLLAB_DATA_DIR", os.path.join(TOP, "datasets"))
        if args.threads:
            env["MLLAB_THREADS"] = str(args.threads)
        out, rss = timed(cmd, env)
        res = json.loads(out)
        secs = []
        with open(trace.name) as written:  # mllab replaces the file (atomic write)
            lines = written.read().splitlines()
        for line in lines:
            ev = json.loads(line)
            if ev.get("kind") == "step" and ev.get("tag") == "epoch":
                secs.append(ev["seconds"])
    return {"epoch_seconds": secs, "accuracy": res["metrics"]["accuracy"],
            "fit_seconds": res["fit_seconds"], "peak_mb": rss}


def run_defaults(args, model, dataset):
    env = dict(os.environ)
    env.setdefault("MLLAB_DATA_DIR", os.path.join(TOP, "datasets"))
    out, rss = timed([args.mllab, "run", model, "--dataset", dataset, "--format", "json"], env)
    res = json.loads(out)
    return {"steps": res["steps"], "fit_seconds": res["fit_seconds"],
            "accuracy": res["metrics"]["accuracy"], "peak_mb": rss}


def run_torch(args, model, dataset, epochs):
    cmd = [sys.executable, os.path.abspath(__file__), "--torch-worker", "--model", model,
           "--dataset", dataset, "--epochs", str(epochs), "--threads", str(args.threads),
           "--seed", str(args.seed), "--schedule", args.schedule]
    out, rss = timed(cmd)
    res = json.loads(out.strip().splitlines()[-1])
    res["peak_mb"] = rss
    return res


# --------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mllab", default=os.environ.get("MLLAB", os.path.join(TOP, "mllab")))
    ap.add_argument("--models", default="mlp,cnn")
    ap.add_argument("--datasets", default="mnist,fashion_mnist")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--repeat", type=int, default=1, help="runs of each, alternating")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--schedule", choices=["default", "constant"], default="default",
                    help="learning-rate schedule of both sides (see above)")
    ap.add_argument("--skip-torch", action="store_true")
    ap.add_argument("--defaults", action="store_true",
                    help="also run `mllab run ALGO --dataset D` with every default")
    ap.add_argument("--json", help="write every figure here")
    ap.add_argument("--torch-worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--model", help=argparse.SUPPRESS)
    ap.add_argument("--dataset", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.torch_worker:
        return torch_worker(args)

    if not os.access(args.mllab, os.X_OK):
        raise SystemExit("no mllab at %s (give --mllab PATH)" % args.mllab)
    have_torch = not args.skip_torch and subprocess.run(
        [sys.executable, "-c", "import torch"], capture_output=True).returncode == 0
    datasets = [d for d in args.datasets.split(",")
                if d != "fashion_mnist" or os.path.isdir(FASHION_DIR)]
    results = []
    for dataset in datasets:
        for model in args.models.split(","):
            row = {"dataset": dataset, "model": model, "epochs": args.epochs,
                   "schedule": args.schedule, "mllab": [], "torch": []}
            for _ in range(args.repeat):
                row["mllab"].append(run_mllab(args, model, dataset, args.epochs))
                if have_torch:
                    row["torch"].append(run_torch(args, model, dataset, args.epochs))
            results.append(row)
            report_row(row)
            if args.defaults:
                d = run_defaults(args, model, dataset)
                row["defaults"] = d
                print("%-14s %-4s defaults         | mllab run: %d steps, fit %.2f s, acc %.4f, "
                      "%4.0f MB" % (dataset, model, d["steps"], d["fit_seconds"], d["accuracy"],
                                    d["peak_mb"]), flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"machine": os.uname().nodename, "cpus": os.cpu_count(),
                       "results": results}, f, indent=1)


def summary(runs):
    secs = [s for r in runs for s in r["epoch_seconds"]]
    acc = [r["accuracy"][-1] if isinstance(r["accuracy"], list) else r["accuracy"]
           for r in runs]
    return {"median": statistics.median(secs) if secs else float("nan"),
            "best": min(secs) if secs else float("nan"),
            "accuracy": statistics.mean(acc) if acc else float("nan"),
            "peak_mb": max(r["peak_mb"] for r in runs) if runs else float("nan")}


def report_row(row):
    m = summary(row["mllab"])
    line = ("%-14s %-4s %d epochs %-8s | mllab %6.2f s/epoch (best %5.2f), acc %.4f, %4.0f MB"
            % (row["dataset"], row["model"], row["epochs"], row["schedule"], m["median"],
               m["best"], m["accuracy"], m["peak_mb"]))
    if row["torch"]:
        t = summary(row["torch"])
        line += (" | torch %6.2f s/epoch (best %5.2f), acc %.4f, %4.0f MB | ratio %.2f"
                 % (t["median"], t["best"], t["accuracy"], t["peak_mb"],
                    m["median"] / t["median"]))
    print(line, flush=True)


if __name__ == "__main__":
    main()
