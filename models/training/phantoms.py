"""Phantoms for training and evaluation: made by `lantern phantom`, cached, loaded as arrays.

A phantom is a folder holding the CT series (dicom/), truth.json, labels.npy and volume.npy (both
z, y, x in slice order). Geometry is read from the DICOM headers, as any reader of the series would.
"""
import json
import math
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pydicom

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


def bounding_box(mask: np.ndarray, spacing: np.ndarray, margin_mm: float) -> tuple:
    """Slices of the [z, y, x] box around `mask`'s voxels grown by margin_mm on every side (spacing:
    x, y, z mm), clipped to the volume."""
    margin = np.ceil(margin_mm / spacing[::-1]).astype(int)
    box = []
    for axis in range(3):
        present = np.flatnonzero(mask.any(axis=tuple(a for a in range(3) if a != axis)))
        box.append(slice(max(present[0] - margin[axis], 0), min(present[-1] + margin[axis] + 1, mask.shape[axis])))
    return tuple(box)


def linear_axis(source_size, source_spacing, target_spacing):
    """Along one axis: for each output voxel (at source index i * step, the first voxels aligned), the
    two source voxels around it and the weight of the upper one."""
    step = target_spacing / source_spacing
    size = int(math.floor((source_size - 1) * source_spacing / target_spacing + 1e-9)) + 1
    position = np.minimum(np.arange(size) * step, source_size - 1)
    lower = np.minimum(position.astype(int), max(source_size - 2, 0))
    upper = np.minimum(lower + 1, source_size - 1)
    return lower, upper, (position - lower).astype(np.float32)


def resample(volume: np.ndarray, spacing: np.ndarray, target_mm, mode: str = "linear") -> np.ndarray:
    """Separable trilinear ('linear', float32) or nearest ('nearest', the volume's type) resampling of a
    [z, y, x] volume (spacing: x, y, z mm) to target_mm voxels (a number, or x, y, z), with voxel
    centres aligned at the first voxel, as Lantern.Imaging's VolumeResampler does."""
    targets = np.broadcast_to(np.asarray(target_mm, dtype=float), (3,))
    result = volume.astype(np.float32) if mode == "linear" else volume
    for axis, source, target in zip((2, 1, 0), spacing, targets):
        lower, upper, weight = linear_axis(result.shape[axis], source, target)
        if mode == "nearest":
            result = np.take(result, np.where(weight > 0.5, upper, lower), axis)
            continue
        shape = [1, 1, 1]
        shape[axis] = -1
        w = weight.reshape(shape)
        result = np.take(result, lower, axis) * (1 - w) + np.take(result, upper, axis) * w
    return result
