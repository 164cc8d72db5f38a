#!/usr/bin/python3
"""The neurbf model in PyTorch (CPU), the peer of the side-by-side benchmark.

It implements the hybrid encoder, decoder, loss and optimiser of
docs/METHOD.md and of neurbf's grid/, rbf/, nn/ and field/ packages,
and starts from a neurbf snapshot (docs/SNAPSHOT.md) written by the Go
program in this directory, so that both sides train identical initial
parameters:

- grid: N-linear interpolation, corners aligned (u = (x+1)(res-1)/2, cell
  min(floor(u), res-2)), dense levels indexed x + res*y (+ res^2*z), hashed
  levels (i ^ j*2654435761 ^ k*805459861) & (rows-1); all levels in one
  table so that a step is one gather and one scatter;
- adaptive RBFs: K nearest centres, ivq_a (images) or nlin_s (SDFs) kernel,
  phi~ = phi / (sum phi + 1e-8), MSC sin(phi~ * m_j) with F log-spaced m,
  g_a = sum_i w_i * sin(phi~_i m); centres and shapes frozen;
- z = [grid features (level-major), g_a] + b;
- decoder Linear(in->64) -> h + sin(h*m0) -> Linear(64->64) -> ReLU ->
  Linear(64->C), weights stored input-major as in the snapshot;
- Adam beta (0.9, 0.99), eps 1e-15, per-group learning rates (mlp; grid,
  rbf and bias at the feature rate) with cosine decay to lr*decay over the
  config's steps; MSE loss for images, MAPE |p-g|/(|g|+0.01) for SDFs.

Fixed training pixels are cached as the reference implementation does:
each pixel's neighbour list and its K x F table of sin(phi~ m) (computed in
float64, stored in float32), plus its grid corners and weights, so a
training step is gathers, a weighted sum and the MLP. SDF points are fresh
every step: their K neighbours come from a precomputed table of the K
nearest centres of every cell of a voxel lattice over [-1,1]^3 (default
128^3), looked up per point, and phi~ and the sines are computed in float32.

Subcommands (see --help): time (samples/s of training steps), fit (train N
steps, print the PSNR), eval (write predictions for a port check).
"""

import argparse
import json
import math
import os
import struct
import sys
import time

# OpenBLAS reads its thread count when torch loads it; --blas-threads must
# therefore be applied before the import.
if __name__ == "__main__":
    for i, a in enumerate(sys.argv):
        if a.startswith("--blas-threads"):
            v = a.split("=", 1)[1] if "=" in a else sys.argv[i + 1]
            os.environ["OPENBLAS_NUM_THREADS"] = v

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

MAGIC = b"NEURBF\x00\x01"
PRIME1 = 2654435761
PRIME2 = 805459861
NORM_EPS = 1e-8
MAPE_EPS = 0.01


# ---------------------------------------------------------------- snapshot

def _crc32c_table():
    t = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        t.append(c)
    return t


_CRC_TABLE = _crc32c_table()


def crc32c(data):
    """CRC-32C (Castagnoli) of data, as the snapshot trailer stores it."""
    c = 0xFFFFFFFF
    t = _CRC_TABLE
    for b in data:
        c = t[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def read_snapshot(path):
    """Returns (header dict, {name: float32 numpy array}) of a snapshot."""
    with open(path, "rb") as f:
        buf = f.read()
    if len(buf) < 24 or buf[:8] != MAGIC:
        raise ValueError(f"{path}: not a neurbf snapshot (wrong magic bytes)")
    (version, hlen) = struct.unpack_from("<II", buf, 8)
    # Versions 2 and 3 only add optional header fields (docs/SNAPSHOT.md,
    # Versioning); the binary layout is that of version 1.
    if version not in (1, 2, 3):
        raise ValueError(f"{path}: snapshot version {version}, want 1, 2 or 3")
    (want,) = struct.unpack_from("<I", buf, len(buf) - 4)
    if crc32c(buf[:-4]) != want:
        raise ValueError(f"{path}: checksum mismatch (corrupt or truncated)")
    pos = 16
    header = json.loads(buf[pos:pos + hlen].decode("utf-8"))
    if "tiling" in header:
        raise ValueError(f"{path}: a merged multi-tile snapshot; this port fits one model")
    pos += hlen
    (count,) = struct.unpack_from("<I", buf, pos)
    pos += 4
    tensors = {}
    for _ in range(count):
        (nlen,) = struct.unpack_from("<H", buf, pos)
        pos += 2
        name = buf[pos:pos + nlen].decode("utf-8")
        pos += nlen
        (n,) = struct.unpack_from("<Q", buf, pos)
        pos += 8
        if pos + 4 * n > len(buf) - 4:
            raise ValueError(f"{path}: tensor {name} runs past the end of the file")
        tensors[name] = np.frombuffer(buf, dtype="<f4", count=n, offset=pos).copy()
        pos += 4 * n
    return header, tensors


def write_snapshot(src, dst, values):
    """Copies the snapshot src to dst with the tensors named in values
    ({name: float32 array of the same size}) replaced, and a new checksum."""
    with open(src, "rb") as f:
        buf = bytearray(f.read())
    (hlen,) = struct.unpack_from("<I", buf, 12)
    pos = 16 + hlen
    (count,) = struct.unpack_from("<I", buf, pos)
    pos += 4
    left = dict(values)
    for _ in range(count):
        (nlen,) = struct.unpack_from("<H", buf, pos)
        name = buf[pos + 2:pos + 2 + nlen].decode("utf-8")
        pos += 2 + nlen
        (n,) = struct.unpack_from("<Q", buf, pos)
        pos += 8
        if name in left:
            v = np.ascontiguousarray(left.pop(name), dtype="<f4").reshape(-1)
            if v.size != n:
                raise ValueError(f"{src}: tensor {name} has {n} values, trained {v.size}")
            buf[pos:pos + 4 * n] = v.tobytes()
        pos += 4 * n
    if left:
        raise ValueError(f"{src}: no tensors named {sorted(left)}")
    struct.pack_into("<I", buf, len(buf) - 4, crc32c(bytes(buf[:-4])))
    with open(dst, "wb") as f:
        f.write(buf)


# --------------------------------------------------------------- the model

def logspace(lo, hi, n):
    """2^(linspace(log2 lo, log2 hi, n)) in float32, as nn.LogSpace."""
    if n == 1:
        return np.array([lo], dtype=np.float32)
    a, b = math.log2(lo), math.log2(hi)
    return np.array([2.0 ** (a + (b - a) * i / (n - 1)) for i in range(n)], dtype=np.float32)


class Grid:
    """Multi-resolution dense/hashed grid, all levels in one (rows, F) table."""

    def __init__(self, cfg, dim, tensors):
        self.dim, self.nf = dim, cfg["features"]
        levels, base, top = cfg["levels"], cfg["base_res"], cfg["max_res"]
        if levels == 1:
            res = [base]
        else:
            b = math.log(top / base) / (levels - 1)
            res = [int(round_half_away(base * math.exp(b * l))) for l in range(levels)]
            res[-1] = top
        tables, offs, rows, hashed = [], [], [], []
        off = 0
        for l, r in enumerate(res):
            n = r ** dim
            h = n > (1 << cfg["log2_table"])
            nrows = (1 << cfg["log2_table"]) if h else n
            t = tensors[f"grid.L{l}"]
            if t.size != nrows * self.nf:
                raise ValueError(f"grid.L{l}: {t.size} values, want {nrows * self.nf}")
            tables.append(t.reshape(nrows, self.nf))
            offs.append(off)
            rows.append(nrows)
            hashed.append(h)
            off += nrows
        self.levels = len(res)
        self.res = torch.tensor(res, dtype=torch.int64)
        self.scale = torch.tensor([(r - 1) / 2 for r in res], dtype=torch.float32)
        self.off = torch.tensor(offs, dtype=torch.int64)
        self.mask = torch.tensor([n - 1 for n in rows], dtype=torch.int64)
        self.hashed = torch.tensor(hashed)
        self.table = torch.nn.Parameter(torch.from_numpy(np.concatenate(tables)))

    def corners(self, x):
        """Row indices (N, L, 2^D) into the table and weights (N, L, 2^D)."""
        d = self.dim
        u = (x.clamp(-1, 1) + 1)[:, None, :] * self.scale[None, :, None]  # N,L,D
        i = u.to(torch.int64).clamp(max=(self.res - 2)[None, :, None])
        f = u - i.to(torch.float32)
        idx, wts = [], []
        for c in range(1 << d):
            bits = [(c >> a) & 1 for a in range(d)]
            ci = [i[:, :, a] + bits[a] for a in range(d)]
            dense = ci[0] + self.res * ci[1]
            hsh = ci[0] ^ (ci[1] * PRIME1)
            if d == 3:
                dense = dense + self.res * self.res * ci[2]
                hsh = hsh ^ (ci[2] * PRIME2)
            row = torch.where(self.hashed, hsh & self.mask, dense) + self.off
            w = None
            for a in range(d):
                fa = f[:, :, a] if bits[a] else 1 - f[:, :, a]
                w = fa if w is None else w * fa
            idx.append(row)
            wts.append(w)
        return torch.stack(idx, -1), torch.stack(wts, -1)

    def forward(self, idx, wts):
        """Features (N, L*F), level-major, from corners and weights."""
        # index_select (backward: index_add_) measured 3-4x faster than
        # F.embedding (embedding_dense_backward) on torch 1.13 CPU.
        e = self.table.index_select(0, idx.reshape(-1)).view(*idx.shape, self.nf)  # N,L,C,F
        return (e * wts[..., None]).sum(2).reshape(idx.shape[0], self.levels * self.nf)


def round_half_away(v):
    """Go's math.Round: halves away from zero."""
    return math.floor(v + 0.5) if v >= 0 else -math.floor(-v + 0.5)


class RBF:
    """Adaptive RBFs: frozen centres and shapes, trainable features w."""

    def __init__(self, cfg, dim, n, tensors):
        self.dim, self.k, self.nf = dim, cfg["k"], cfg["features"]
        self.kernel = cfg["kernel"]
        if cfg.get("no_msc") or cfg.get("train_shapes"):
            raise ValueError("the PyTorch peer implements the paper's setting only (MSC on, shapes frozen)")
        sc = cfg.get("input_scale") or [1.0] * dim
        self.scale = torch.tensor(sc, dtype=torch.float32)
        self.pos = torch.from_numpy(tensors["rbf.pos"].reshape(n, dim))
        ss = 1 if self.kernel == "nlin_s" else dim * (dim + 1) // 2
        self.shape = torch.from_numpy(tensors["rbf.shape"].reshape(n, ss))
        self.freqs = torch.from_numpy(logspace(cfg["freq_min"], cfg["freq_max"], self.nf))
        self.w = torch.nn.Parameter(torch.from_numpy(tensors["rbf.w"].reshape(n, self.nf)))

    def knn(self, q, k=None, chunk=65536):
        """Indices (N, k) of the k nearest centres of the scaled points q,
        nearest first (setup only)."""
        # Candidates come from a k-d tree (scipy, when installed) or from
        # brute force in the matrix-product form, which loses digits to
        # cancellation; either way k+4 candidates are then ranked by the
        # exact float32 sum of squared differences, the distance internal/knn
        # ranks by, so that the lists match Go's but for exact ties.
        k = k or self.k
        kc = min(k + 4, self.pos.shape[0])
        cand = self._candidates(q, kc)
        out = torch.empty(q.shape[0], k, dtype=torch.int64)
        for lo in range(0, q.shape[0], chunk):
            c = cand[lo:lo + chunk]
            diff = q[lo:lo + chunk, None, :] - self.pos[c]
            exact = diff[..., 0] * diff[..., 0]
            for a in range(1, self.dim):
                exact = exact + diff[..., a] * diff[..., a]
            order = exact.sort(dim=1, stable=True).indices[:, :k]
            out[lo:lo + chunk] = c.gather(1, order)
        return out

    def _candidates(self, q, kc, chunk=2048):
        try:
            from scipy.spatial import cKDTree
        except ImportError:
            cKDTree = None
        if cKDTree is not None:
            _, idx = cKDTree(self.pos.numpy()).query(q.numpy(), kc, workers=-1)
            return torch.from_numpy(idx.reshape(len(q), kc).astype(np.int64))
        out = torch.empty(q.shape[0], kc, dtype=torch.int64)
        c2 = (self.pos * self.pos).sum(1)
        for lo in range(0, q.shape[0], chunk):
            p = q[lo:lo + chunk]
            d2 = (p * p).sum(1, keepdim=True) + c2[None, :] - 2 * p @ self.pos.T
            out[lo:lo + chunk] = d2.topk(kc, dim=1, largest=False, sorted=True).indices
        return out

    def phit(self, q, nb):
        """Normalised kernel values (N, K) at scaled points q for neighbours
        nb, in q's dtype; no gradient (centres and shapes are frozen, and the
        reference treats the denominator as a constant)."""
        d = q[:, None, :] - self.pos.to(q.dtype)[nb]  # N,K,D
        s = self.shape.to(q.dtype)[nb]
        if self.kernel == "nlin_s":
            phi = (1 - d.abs() * s[:, :, :1]).clamp(min=0).prod(-1)
        else:
            if self.dim == 2:
                quad = s[..., 0] * d[..., 0] ** 2 + 2 * s[..., 1] * d[..., 0] * d[..., 1] + s[..., 2] * d[..., 1] ** 2
            else:
                quad = (s[..., 0] * d[..., 0] ** 2 + s[..., 3] * d[..., 1] ** 2 + s[..., 5] * d[..., 2] ** 2
                        + 2 * (s[..., 1] * d[..., 0] * d[..., 1] + s[..., 2] * d[..., 0] * d[..., 2]
                               + s[..., 4] * d[..., 1] * d[..., 2]))
            phi = 1 / (1 + quad) if self.kernel == "ivq_a" else torch.exp(-0.5 * quad)
        return phi / (phi.sum(1, keepdim=True) + NORM_EPS)

    def forward(self, nb, basis):
        """g_a (N, F) from neighbours (N, K) and sines (N, K, F)."""
        e = self.w.index_select(0, nb.reshape(-1)).view(*nb.shape, self.nf)
        return (e * basis).sum(1)


class Model:
    """Hybrid encoder (grid ‖ RBF + bias) and the sine-residual decoder."""

    def __init__(self, header, tensors):
        cfg = self.cfg = header["config"]
        if cfg.get("encoder", "hybrid") != "hybrid":
            raise ValueError(f"encoder {cfg.get('encoder')!r}: the PyTorch peer implements the hybrid encoder only")
        self.dim = 3 if cfg["task"] == "sdf" else 2
        self.grid = Grid(cfg["grid"], self.dim, tensors)
        self.rbf = RBF(cfg["rbf"], self.dim, cfg["rbfs"], tensors)
        width = self.grid.levels * self.grid.nf + self.rbf.nf
        hid, ch = cfg["mlp"]["hidden"], cfg["channels"]
        self.bias = torch.nn.Parameter(torch.from_numpy(tensors["bias"]))
        shapes = {"w0": (width, hid), "b0": (hid,), "w1": (hid, hid), "b1": (hid,), "w2": (hid, ch), "b2": (ch,)}
        self.mlp = {k: torch.nn.Parameter(torch.from_numpy(tensors["mlp." + k].reshape(s))) for k, s in shapes.items()}
        self.m0 = torch.from_numpy(logspace(cfg["mlp"]["freq_min"], cfg["mlp"]["freq_max"], hid))

    def decode(self, z):
        p = self.mlp
        h = torch.addmm(p["b0"], z, p["w0"])
        h = h + torch.sin(h * self.m0)
        h = torch.relu(torch.addmm(p["b1"], h, p["w1"]))
        return torch.addmm(p["b2"], h, p["w2"])

    def values(self):
        """The trainable tensors by snapshot name, as numpy arrays."""
        g = self.grid
        table = g.table.detach().numpy()
        out = {f"grid.L{l}": table[int(g.off[l]):int(g.off[l]) + int(g.mask[l]) + 1] for l in range(g.levels)}
        out["rbf.w"] = self.rbf.w.detach().numpy()
        out["bias"] = self.bias.detach().numpy()
        for k, v in self.mlp.items():
            out["mlp." + k] = v.detach().numpy()
        return out

    def groups(self):
        """Adam parameter groups with their initial rates and decay."""
        t = self.cfg["train"]
        return [
            {"params": [self.grid.table], "lr": t["feature_lr"], "name": "grid"},
            {"params": [self.rbf.w], "lr": t["feature_lr"], "name": "rbf"},
            {"params": [self.bias], "lr": t["feature_lr"], "name": "bias"},
            {"params": list(self.mlp.values()), "lr": t["lr"], "name": "mlp"},
        ]


class ImageCache:
    """Per-pixel precomputation for the fixed training pixels."""

    def __init__(self, model, w, h):
        xs = -1 + 2 * (torch.arange(w, dtype=torch.float64) + 0.5) / w  # pixels.PixelCenter
        ys = -1 + 2 * (torch.arange(h, dtype=torch.float64) + 0.5) / h
        x = torch.stack([xs.repeat(h), ys.repeat_interleave(w)], 1).to(torch.float32)
        self.x = x
        self.gidx, self.gw = model.grid.corners(x)
        r = model.rbf
        q32 = x * r.scale
        self.nb = r.knn(q32)
        q = x.to(torch.float64) * r.scale.to(torch.float64)
        phit = torch.cat([r.phit(q[lo:lo + 65536], self.nb[lo:lo + 65536]) for lo in range(0, len(q), 65536)])
        f64 = r.freqs.to(torch.float64)
        self.basis = torch.empty(len(q), r.k, r.nf, dtype=torch.float32)
        for lo in range(0, len(q), 65536):
            self.basis[lo:lo + 65536] = torch.sin(phit[lo:lo + 65536, :, None] * f64).to(torch.float32)


class ImageTrainer:
    """Trains an image model on its cached pixels (all, or a stratified
    batch of one random pixel per equal run of pixels, as field.ImageTask)."""

    def __init__(self, model, target, foreach):
        self.m = model
        cfg = model.cfg
        self.w, self.h, self.c = cfg["width"], cfg["height"], cfg["channels"]
        self.cache = ImageCache(model, self.w, self.h)
        self.target = target.reshape(self.w * self.h, self.c)
        n = self.w * self.h
        self.batch = cfg["train"].get("batch", 0)
        if self.batch <= 0 or self.batch >= n:
            self.batch = 0
        else:
            s = torch.arange(self.batch, dtype=torch.int64)
            self.lo = s * n // self.batch
            self.span = (s + 1) * n // self.batch - self.lo
        self.opt = make_adam(model, foreach)
        self.t = 0

    def encode(self, sel):
        c, m = self.cache, self.m
        if sel is None:
            gidx, gw, nb, basis = c.gidx, c.gw, c.nb, c.basis
        else:
            gidx, gw, nb, basis = c.gidx[sel], c.gw[sel], c.nb[sel], c.basis[sel]
        return torch.cat([m.grid.forward(gidx, gw), m.rbf.forward(nb, basis)], 1) + m.bias

    def step(self):
        sel = None
        if self.batch:
            sel = self.lo + (torch.rand(self.batch) * self.span).to(torch.int64)
        set_lr(self.opt, self.m.cfg["train"], self.t)
        out = self.m.decode(self.encode(sel))
        tgt = self.target if sel is None else self.target[sel]
        loss = F.mse_loss(out, tgt)
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()
        self.t += 1
        return self.batch or self.w * self.h

    @torch.no_grad()
    def predict(self, chunk=65536):
        n = self.w * self.h
        out = torch.empty(n, self.c)
        for lo in range(0, n, chunk):
            sel = torch.arange(lo, min(lo + chunk, n))
            out[lo:lo + chunk] = self.m.decode(self.encode(sel))
        return out


class SDFTrainer:
    """Trains an SDF model on recorded batches; neighbours from a voxel
    lattice table of the K nearest centres of each cell centre."""

    def __init__(self, model, points, dists, batch, voxel_res, cache_dir, foreach):
        self.m = model
        self.points = points.reshape(-1, batch, 3)
        self.dists = dists.reshape(-1, batch, 1)
        self.batch = batch
        self.res = voxel_res
        if voxel_res > 0:
            self.table = voxel_table(model.rbf, voxel_res, cache_dir)
        self.opt = make_adam(model, foreach)
        self.t = 0

    def neighbours(self, x):
        """The K centres of each point: those of its voxel, or (voxel
        resolution 0, for checking the port) its exact K nearest."""
        r, R = self.m.rbf, self.res
        if R <= 0:
            return r.knn(x * r.scale)
        v = ((x + 1) * (R / 2)).to(torch.int64).clamp(0, R - 1)
        return self.table[v[:, 0] + R * (v[:, 1] + R * v[:, 2])].to(torch.int64)

    def encode(self, x):
        m, r = self.m, self.m.rbf
        nb = self.neighbours(x)
        with torch.no_grad():
            phit = r.phit(x * r.scale, nb)
            basis = torch.sin(phit[:, :, None] * r.freqs)
        gidx, gw = m.grid.corners(x)
        return torch.cat([m.grid.forward(gidx, gw), r.forward(nb, basis)], 1) + m.bias

    def step(self):
        b = self.t % self.points.shape[0]
        x, g = self.points[b], self.dists[b]
        set_lr(self.opt, self.m.cfg["train"], self.t)
        p = self.m.decode(self.encode(x))
        loss = ((p - g).abs() / (g.abs() + MAPE_EPS)).mean()
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()
        self.t += 1
        return self.batch

    @torch.no_grad()
    def predict(self):
        return self.m.decode(self.encode(self.points[0]))


def voxel_table(rbf, res, cache_dir):
    """The K nearest centres of the centre of every cell of a res^3 lattice
    over [-1,1]^3 (x fastest), as int32; kept in cache_dir between runs
    (it depends only on the frozen centres)."""
    path = os.path.join(cache_dir, f"knn_voxel_{res}.npy")
    if os.path.exists(path):
        return torch.from_numpy(np.load(path))
    v = (torch.arange(res, dtype=torch.float32) + 0.5) * 2 / res - 1
    gz, gy, gx = torch.meshgrid(v, v, v, indexing="ij")
    cells = torch.stack([gx.reshape(-1), gy.reshape(-1), gz.reshape(-1)], 1) * rbf.scale
    table = rbf.knn(cells).to(torch.int32)
    np.save(path, table.numpy())
    return table


def make_adam(model, foreach):
    return torch.optim.Adam(model.groups(), betas=(0.9, 0.99), eps=1e-15, foreach=foreach)


def set_lr(opt, train, t):
    """Cosine decay from each group's rate to rate*decay over the config's
    steps (nn.Schedule), evaluated at step t (0 for the first)."""
    steps = train.get("steps", 0)
    f = 0.0 if steps <= 0 else min(t / steps, 1.0)
    for g in opt.param_groups:
        lr = train["lr"] if g["name"] == "mlp" else train["feature_lr"]
        final = lr * train["decay"]
        g["lr"] = final + (lr - final) * 0.5 * (1 + math.cos(math.pi * f))


# ------------------------------------------------------------ entry points

def load_case(d, voxel_res, foreach):
    """Builds the trainer of an exported case directory."""
    with open(os.path.join(d, "meta.json")) as f:
        meta = json.load(f)
    header, tensors = read_snapshot(os.path.join(d, "model.nrbf"))
    model = Model(header, tensors)

    def floats(name):
        return torch.from_numpy(np.fromfile(os.path.join(d, name), dtype="<f4").copy())

    t0 = time.perf_counter()
    if meta["task"] == "image":
        tr = ImageTrainer(model, floats(meta["target"]), foreach)
    else:
        tr = SDFTrainer(model, floats(meta["points"]), floats(meta["distances"]), meta["batch"], voxel_res, d, foreach)
    return tr, meta, time.perf_counter() - t0


def psnr(pred, target):
    mse = ((pred.clamp(0, 1).to(torch.float64) - target.to(torch.float64)) ** 2).mean().item()
    return -10 * math.log10(mse)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cmd", choices=["time", "fit", "eval"])
    ap.add_argument("dir", help="case directory written by the Go program (go run ./bench/pytorch image|sdf)")
    ap.add_argument("--steps", type=int, default=10, help="timed (time) or trained (fit) steps")
    ap.add_argument("--warmup", type=int, default=2, help="untimed steps before timing")
    ap.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    ap.add_argument("--blas-threads", type=int, default=None, help="OPENBLAS_NUM_THREADS (default: the environment's)")
    ap.add_argument("--voxel-res", type=int, default=128, help="SDF: cells per axis of the neighbour table (0: exact neighbours, slow, for checks)")
    ap.add_argument("--foreach", choices=["on", "off"], default="on", help="Adam's multi-tensor implementation")
    ap.add_argument("--out", help="eval/fit: write the predictions here (float32)")
    ap.add_argument("--save", help="fit: write the trained model here as a snapshot (score an SDF with neurbf eval --mesh)")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    tr, meta, setup = load_case(a.dir, a.voxel_res, a.foreach == "on")
    info = {"impl": "torch", "case": a.dir, "task": meta["task"], "threads": a.threads,
            "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"), "foreach": a.foreach,
            "setup_seconds": round(setup, 2)}
    if a.cmd == "time":
        for _ in range(a.warmup):
            tr.step()
        t0 = time.perf_counter()
        n = sum(tr.step() for _ in range(a.steps))
        sec = time.perf_counter() - t0
        info.update(steps=a.steps, seconds=sec, samples_per_s=n / sec)
    elif a.cmd == "fit":
        t0 = time.perf_counter()
        for _ in range(a.steps):
            tr.step()
        info.update(steps=a.steps, seconds=time.perf_counter() - t0)
        if meta["task"] == "image":
            info["psnr"] = psnr(tr.predict(), tr.target)
        if a.save:
            write_snapshot(os.path.join(a.dir, "model.nrbf"), a.save, tr.m.values())
    if a.cmd in ("fit", "eval") and a.out:
        tr.predict().numpy().astype("<f4").tofile(a.out)
    print(json.dumps(info))


if __name__ == "__main__":
    main()
