"""Phantoms for training and evaluation: made by `lantern phantom`, cached, loaded as arrays.

A phantom is a folder holding the CT series (dicom/), truth.json, labels.npy and volume.npy (both
z, y, x in slice order). Geometry is read from the DICOM headers, as any reader of the series would.
"""
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pydicom
import torch
import torch.nn.functional as F

REPOSITORY = Path(__file__).resolve().parents[2]
# LANTERN_CLI: a lantern executable to use instead of the repository's ./lantern (which rebuilds whenever sources change).
LANTERN = os.environ.get("LANTERN_CLI", str(REPOSITORY / "lantern"))
CACHE = Path(os.environ.get("LANTERN_PHANTOM_CACHE", Path.home() / ".cache" / "lantern" / "phantoms"))
SEEDS = json.loads((Path(__file__).with_name("seeds.json")).read_text())


def seed_range(name: str) -> range:
    first, last = SEEDS[name]
    return range(first, last + 1)


@dataclass
class Phantom:
    seed: int
    hu: np.ndarray          # int16 [z, y, x]
    labels: np.ndarray      # uint8 [z, y, x]: 0 background, 1 left lung, 2 right lung, 3 nodule
    spacing: np.ndarray     # mm [x, y, z]
    origin: np.ndarray      # patient LPS mm of voxel (0, 0, 0)
    nodules: list           # truth.json "nodules"


def generate(seed: int, nodules: int | None = None, max_diameter: float | None = None) -> Path:
    """The phantom's folder, made once per seed, nodule count and largest nodule diameter (None: the
    generator draws them, as for held-out scans); deterministic, so the cache never goes stale."""
    folder = CACHE / folder_name(seed, nodules, max_diameter)
    if not (folder / "volume.npy").exists():
        folder.mkdir(parents=True, exist_ok=True)
        count = [] if nodules is None else ["--nodules", str(nodules)]
        size = [] if max_diameter is None else ["--nodule-max-diameter", f"{max_diameter:g}"]
        subprocess.run([LANTERN, "phantom", "--out", str(folder), "--seed", str(seed), "--npy", *count, *size],
                       check=True, stdout=subprocess.DEVNULL)
    return folder


def folder_name(seed: int, nodules: int | None = None, max_diameter: float | None = None) -> str:
    return (f"seed-{seed}" + ("" if nodules is None else f"-nodules-{nodules}")
            + ("" if max_diameter is None else f"-max-{max_diameter:g}mm"))


def load(seed: int, nodules: int | None = None, max_diameter: float | None = None) -> Phantom:
    folder = generate(seed, nodules, max_diameter)
    headers = [pydicom.dcmread(p, stop_before_pixels=True) for p in sorted((folder / "dicom").glob("*.dcm"))]
    headers.sort(key=lambda h: float(h.ImagePositionPatient[2]))
    first, last = headers[0], headers[-1]
    z_step = (float(last.ImagePositionPatient[2]) - float(first.ImagePositionPatient[2])) / max(1, len(headers) - 1)
    row, column = (float(v) for v in first.PixelSpacing)
    spacing = np.array([column, row, z_step])
    origin = np.array([float(v) for v in first.ImagePositionPatient])
    hu = np.load(folder / "volume.npy")
    labels = np.load(folder / "labels.npy")
    if z_step < 0:
        raise ValueError("expected slices stored head-last (increasing z)")
    nodules = json.loads((folder / "truth.json").read_text())["nodules"]
    return Phantom(seed, hu, labels, spacing, origin, nodules)


def resample(volume: np.ndarray, spacing: np.ndarray, target_mm: float, mode: str) -> np.ndarray:
    """Trilinear ('linear') or nearest resampling of a [z, y, x] volume to isotropic target_mm voxels,
    with voxel centres aligned at the first voxel, as Lantern.Imaging resamples."""
    size = np.array(volume.shape)  # z, y, x
    extent = (size - 1) * spacing[::-1]
    out = np.floor(extent / target_mm + 1e-9).astype(int) + 1
    grids = [torch.linspace(-1, -1 + 2 * (o - 1) * target_mm / extent_i if extent_i > 0 else -1, o)
             if s > 1 else torch.full((o,), 0.0) for o, s, extent_i in zip(out, size, extent)]
    zz, yy, xx = torch.meshgrid(*grids, indexing="ij")
    grid = torch.stack([xx, yy, zz], dim=-1)[None]
    source = torch.from_numpy(volume.astype(np.float32))[None, None]
    result = F.grid_sample(source, grid, mode="bilinear" if mode == "linear" else "nearest", align_corners=True)
    return result[0, 0].numpy()
