"""Sliding-window inference as Lantern.Inference does it, so that PyTorch and lantern results compare:
patch starts spread evenly from 0 to extent - patch, one Gaussian (sigma = patch / 8) per axis,
normalised per axis over the patches covering each voxel, raw model outputs blended, then the
activation applied. Outside the volume, patches are padded with `padding`. Patches a caller leaves out
contribute the model's output for a patch of padding alone."""
import math

import numpy as np
import torch


def count(extent, patch, overlap):
    return 1 if extent <= patch else math.ceil((extent - patch) / max(1.0, patch * (1 - overlap))) + 1


def side(extent, largest, overlap, multiple):
    """The smallest multiple of `multiple` that covers `extent` with as few patches as `largest` does."""
    result = multiple
    while count(extent, result, overlap) > count(extent, largest, overlap):
        result += multiple
    return result


def starts(extent, patch, overlap):
    if extent <= patch:
        return [0]
    n = count(extent, patch, overlap)
    return [int(round(i * (extent - patch) / (n - 1))) for i in range(n)]


def axis_weights(extent, patch, overlap, sigma_scale):
    positions = starts(extent, patch, overlap)
    k = np.arange(patch)
    gaussian = np.exp(-0.5 * ((k - (patch - 1) / 2) / (patch * sigma_scale)) ** 2)
    total = np.zeros(extent)
    for s in positions:
        inside = min(patch, extent - s)
        total[s:s + inside] += gaussian[:inside]
    weights = []
    for s in positions:
        inside = min(patch, extent - s)
        w = np.zeros(patch)
        w[:inside] = gaussian[:inside] / total[s:s + inside]
        weights.append(w)
    return positions, weights


def infer(model, volume, patch_zyx, channels, overlap, padding=0.0, batch_size=2, sigma_scale=1 / 8, needed=None, multiple=None):
    """[channels, z, y, x] blended raw outputs of `model` over a [z, y, x] float volume; only the patches
    whose start (z, y, x) `needed(z, y, x, patch_zyx)` accepts are run (all when it is None). With `multiple` (the manifest's
    patchMultiple), `patch_zyx` is the largest patch and each side is side()'s."""
    if multiple:
        patch_zyx = [side(e, p, overlap, multiple) for e, p in zip(volume.shape, patch_zyx)]
    axes = [axis_weights(e, p, overlap, sigma_scale) for e, p in zip(volume.shape, patch_zyx)]
    output = np.zeros((channels, *volume.shape), dtype=np.float64)
    every = [(iz, iy, ix) for iz in range(len(axes[0][0])) for iy in range(len(axes[1][0])) for ix in range(len(axes[2][0]))]
    run = [j for j in every if needed is None or needed(axes[0][0][j[0]], axes[1][0][j[1]], axes[2][0][j[2]], patch_zyx)]

    def add(prediction, iz, iy, ix):
        z, y, x = axes[0][0][iz], axes[1][0][iy], axes[2][0][ix]
        w = (axes[0][1][iz][:, None, None] * axes[1][1][iy][None, :, None] * axes[2][1][ix][None, None, :])
        dz, dy, dx = min(patch_zyx[0], volume.shape[0] - z), min(patch_zyx[1], volume.shape[1] - y), min(patch_zyx[2], volume.shape[2] - x)
        output[:, z:z + dz, y:y + dy, x:x + dx] += prediction[:, :dz, :dy, :dx] * w[:dz, :dy, :dx]

    if len(run) < len(every):
        with torch.no_grad():
            empty = model(torch.full((1, 1, *patch_zyx), padding, dtype=torch.float32)).numpy()[0]
        for job in sorted(set(every) - set(run)):
            add(empty, *job)
    for first in range(0, len(run), batch_size):
        chunk = run[first:first + batch_size]
        patches = np.full((len(chunk), 1, *patch_zyx), padding, dtype=np.float32)
        for n, (iz, iy, ix) in enumerate(chunk):
            z, y, x = axes[0][0][iz], axes[1][0][iy], axes[2][0][ix]
            piece = volume[z:z + patch_zyx[0], y:y + patch_zyx[1], x:x + patch_zyx[2]]
            patches[n, 0, :piece.shape[0], :piece.shape[1], :piece.shape[2]] = piece
        with torch.no_grad():
            predictions = model(torch.from_numpy(patches)).numpy()
        for n, job in enumerate(chunk):
            add(predictions[n], *job)
    return output.astype(np.float32)
