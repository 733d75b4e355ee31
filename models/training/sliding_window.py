"""Sliding-window inference as Lantern.Inference does it, so that PyTorch and lantern results compare:
patch starts spread evenly from 0 to extent - patch, one Gaussian (sigma = patch / 8) per axis,
normalised per axis over the patches covering each voxel, raw model outputs blended, then the
activation applied. Outside the volume, patches are padded with `padding`."""
import math

import numpy as np
import torch


def starts(extent, patch, overlap):
    if extent <= patch:
        return [0]
    step = max(1.0, patch * (1 - overlap))
    count = math.ceil((extent - patch) / step) + 1
    return [int(round(i * (extent - patch) / (count - 1))) for i in range(count)]


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


def infer(model, volume, patch_zyx, channels, overlap, padding=0.0, batch_size=2, sigma_scale=1 / 8):
    """[channels, z, y, x] blended raw outputs of `model` over a [z, y, x] float volume."""
    axes = [axis_weights(e, p, overlap, sigma_scale) for e, p in zip(volume.shape, patch_zyx)]
    output = np.zeros((channels, *volume.shape), dtype=np.float64)
    jobs = [(iz, iy, ix) for iz in range(len(axes[0][0])) for iy in range(len(axes[1][0])) for ix in range(len(axes[2][0]))]
    for first in range(0, len(jobs), batch_size):
        chunk = jobs[first:first + batch_size]
        patches = np.full((len(chunk), 1, *patch_zyx), padding, dtype=np.float32)
        for n, (iz, iy, ix) in enumerate(chunk):
            z, y, x = axes[0][0][iz], axes[1][0][iy], axes[2][0][ix]
            piece = volume[z:z + patch_zyx[0], y:y + patch_zyx[1], x:x + patch_zyx[2]]
            patches[n, 0, :piece.shape[0], :piece.shape[1], :piece.shape[2]] = piece
        with torch.no_grad():
            predictions = model(torch.from_numpy(patches)).numpy()
        for n, (iz, iy, ix) in enumerate(chunk):
            z, y, x = axes[0][0][iz], axes[1][0][iy], axes[2][0][ix]
            w = (axes[0][1][iz][:, None, None] * axes[1][1][iy][None, :, None] * axes[2][1][ix][None, None, :])
            dz, dy, dx = min(patch_zyx[0], volume.shape[0] - z), min(patch_zyx[1], volume.shape[1] - y), min(patch_zyx[2], volume.shape[2] - x)
            output[:, z:z + dz, y:y + dy, x:x + dx] += predictions[n][:, :dz, :dy, :dx] * w[:dz, :dy, :dx]
    return output.astype(np.float32)
