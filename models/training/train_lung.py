"""Trains the lung segmentation model (background, left lung, right lung) on coarse isotropic voxels
and exports models/lung-segmentation/. Only phantoms from the "train" and "validation" seed ranges
are touched; the held-out range is for `lantern evaluate` alone.

    /usr/bin/python3 models/training/train_lung.py [--phantoms 60] [--steps 1500]
"""
import argparse
import itertools
from pathlib import Path

import numpy as np
import torch

import common
import phantoms
from lungs import lung_truth
from unet3d import UNet3d

NAME = "lung-segmentation"
LABELS = ["background", "left-lung", "right-lung"]
WINDOW = [-1024.0, 600.0]


def prepare(seed, spacing):
    """Resampled normalised input and lung truth for one phantom, cached."""
    cache = phantoms.CACHE / f"lung-{spacing:g}mm" / f"seed-{seed}.npz"
    if not cache.exists():
        phantom = phantoms.load(seed)
        image = phantoms.resample(phantom.hu, phantom.spacing, spacing, "linear")
        truth = phantoms.resample(lung_truth(phantom), phantom.spacing, spacing, "nearest")
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, image=common.normalize(image, WINDOW).astype(np.float32), truth=truth)
    data = np.load(cache)
    return data["image"], data["truth"]


def crop(image, truth, patch, rng):
    """A random patch, padded with air (0 after normalisation) where the volume is smaller."""
    padding = [(0, max(0, p - s)) for p, s in zip(patch, image.shape)]
    image = np.pad(image, padding, constant_values=0)
    truth = np.pad(truth, padding, constant_values=0)
    start = [rng.integers(0, s - p + 1) for s, p in zip(image.shape, patch)]
    window = tuple(slice(s, s + p) for s, p in zip(start, patch))
    return image[window], truth[window]


def batches(cases, patch, batch_size, rng):
    while True:
        xs, ys = [], []
        for index in rng.integers(0, len(cases), batch_size):
            image, truth = crop(*cases[index], patch, rng)
            # Scanners differ in calibration and noise: a small random gain and offset.
            image = image * rng.uniform(0.95, 1.05) + rng.uniform(-0.03, 0.03)
            xs.append(image)
            ys.append(truth)
        yield torch.from_numpy(np.stack(xs)[:, None].astype(np.float32)), torch.from_numpy(np.stack(ys).astype(np.int64))


def dice(prediction, truth, label):
    a, b = prediction == label, truth == label
    return 2 * np.logical_and(a, b).sum() / max(1, a.sum() + b.sum())


def predict_whole(model, image, patch):
    """Whole-volume prediction (volumes fit one patch at this spacing) for validation."""
    padded, _ = crop(image, np.zeros_like(image, dtype=np.uint8), [max(p, s) for p, s in zip(patch, image.shape)], np.random.default_rng(0))
    shape = [int(np.ceil(s / 8) * 8) for s in padded.shape]
    padded = np.pad(padded, [(0, t - s) for t, s in zip(shape, padded.shape)])
    logits = model(torch.from_numpy(padded[None, None].astype(np.float32)))
    return logits[0].argmax(0).numpy()[: image.shape[0], : image.shape[1], : image.shape[2]]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--phantoms", type=int, default=60)
    parser.add_argument("--validation", type=int, default=6)
    parser.add_argument("--spacing", type=float, default=3.0)
    parser.add_argument("--patch", type=int, nargs=3, default=[64, 96, 96], help="z y x voxels")
    parser.add_argument("--steps", type=int, default=800)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--channels", type=int, default=8)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--version", required=True, help="the manifest's model version, e.g. 0.2.0")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    common.seed_everything(args.seed)
    train_seeds = list(phantoms.seed_range("train"))[: args.phantoms]
    validation_seeds = list(phantoms.seed_range("validation"))[: args.validation]
    print(f"train seeds {train_seeds[0]}..{train_seeds[-1]}, validation {validation_seeds[0]}..{validation_seeds[-1]}", flush=True)
    train_cases = [prepare(s, args.spacing) for s in train_seeds]
    validation_cases = [prepare(s, args.spacing) for s in validation_seeds]

    def validate(model):
        scores = [dice(predict_whole(model, image, args.patch), truth, label)
                  for image, truth in validation_cases for label in (1, 2)]
        return float(np.mean(scores))

    model = UNet3d(len(LABELS), args.channels)
    rng = np.random.default_rng(args.seed)
    best, best_step, steps = common.train(model, batches(train_cases, args.patch, args.batch, rng), args.steps, 2e-3, len(LABELS),
                        log_every=100, validate=validate)
    print(f"best validation Dice (coarse grid) {best:.4f} at step {best_step}")
    training = {"trainSeeds": [train_seeds[0], train_seeds[-1]], "validationSeeds": [validation_seeds[0], validation_seeds[-1]],
                "torchSeed": args.seed, "steps": steps, "bestStep": best_step, "channels": args.channels, "validationDice": round(best, 4)}
    folder = common.export(model, NAME, args.patch, common.manifest(NAME, args.version, LABELS, args.spacing, args.patch, WINDOW, {}, 1, training))
    print(f"exported {folder}")


if __name__ == "__main__":
    main()
