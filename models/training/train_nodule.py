"""Trains the nodule segmentation model (background, nodule) on isotropic patches (`--spacing`, 1 mm by
default) and exports models/nodule-detection/. Candidates are the connected components of its nodule
probability (Lantern.Inference's post-processing), ranked by their peak probability until
fit_candidate_score.py fits the manifest's `candidateScore`. Only "train" and "validation" seeds are
touched; the held-out range is for `lantern evaluate` alone.

    /usr/bin/python3 models/training/train_nodule.py [--phantoms 60] [--steps 3000]
"""
import argparse

import numpy as np
import torch

import common
import phantoms
from lungs import lung_truth
from unet3d import UNet3d

NAME = "nodule-detection"
LABELS = ["background", "nodule"]
WINDOW = [-1000.0, 400.0]


def extract(seed, nodules, spacing, size, negatives, rng, max_diameter=None):
    """Patches (float16, normalised) of `size` voxels around every nodule, at random lung voxels and at
    vessels (dense voxels inside the lungs that are not nodules: the false positives to learn away).
    `nodules`, `max_diameter`: the phantom's nodule count and largest diameter, or None for the
    generator's own draw."""
    cache = phantoms.CACHE / f"nodule-{spacing:g}mm-{size}" / f"{phantoms.folder_name(seed, nodules, max_diameter)}.npz"
    if not cache.exists():
        phantom = phantoms.load(seed, nodules, max_diameter)
        lung_labels = lung_truth(phantom)
        # Only the lungs' box, grown by half a patch, is resampled: at a fine grid the whole volume is several
        # times slower to resample. Patches centred in the box never reach further, and every nodule centre of
        # the training and validation phantoms lies in it (a juxta-pleural nodule touches the lung).
        box = phantoms.bounding_box(lung_labels > 0, phantom.spacing, size / 2 * spacing + 1)
        corner = phantom.origin + np.array([b.start for b in box])[::-1] * phantom.spacing
        image = common.normalize(phantoms.resample(phantom.hu[box], phantom.spacing, spacing, "linear"), WINDOW)
        nodule = phantoms.resample((phantom.labels[box] == 3).astype(np.uint8), phantom.spacing, spacing, "nearest")
        lungs = phantoms.resample(lung_labels[box], phantom.spacing, spacing, "nearest") > 0
        centres = [np.round((np.array(n["centerMm"]) - corner) / spacing).astype(int)[::-1] for n in phantom.nodules]
        lung_voxels = np.argwhere(lungs)
        dense = np.argwhere(lungs & (image > common.normalize(-300.0, WINDOW)) & (nodule == 0))
        for pool in (lung_voxels, dense):
            if len(pool):
                centres += list(pool[rng.integers(0, len(pool), negatives)])
        save_patches(cache, image, nodule, centres, size)
    data = np.load(cache)
    return data["images"], data["truths"]


def extract_context(seed, spacing, size, count, rng, margin_mm=10.0):
    """Patches (as `extract`) centred on dense voxels outside the lungs but inside the box Lantern runs the
    model on (the lungs' box plus a margin): hilum, heart, great vessels, chest wall. Patches around
    lung voxels rarely reach them, and a model that never saw them calls them nodules."""
    cache = phantoms.CACHE / f"nodule-{spacing:g}mm-{size}" / f"seed-{seed}-context.npz"
    if not cache.exists():
        phantom = phantoms.load(seed)
        box = phantoms.bounding_box(phantom.labels > 0, phantom.spacing, margin_mm)
        image = common.normalize(phantoms.resample(phantom.hu[box], phantom.spacing, spacing, "linear"), WINDOW)
        labels = phantoms.resample(phantom.labels[box], phantom.spacing, spacing, "nearest")
        dense = np.argwhere((labels == 0) & (image > common.normalize(-300.0, WINDOW)))
        centres = dense[rng.integers(0, len(dense), count)]
        save_patches(cache, image, (labels == 3).astype(np.uint8), centres, size)
    data = np.load(cache)
    return data["images"], data["truths"]


def save_patches(cache, image, nodule, centres, size):
    """Cubes of `size` voxels centred on `centres` (z, y, x), padded with air where they overhang."""
    half = size // 2
    padded_image = np.pad(image, half, constant_values=0)
    padded_nodule = np.pad(nodule, half, constant_values=0)
    images = np.stack([padded_image[c[0]:c[0] + size, c[1]:c[1] + size, c[2]:c[2] + size] for c in centres]).astype(np.float16)
    truths = np.stack([padded_nodule[c[0]:c[0] + size, c[1]:c[1] + size, c[2]:c[2] + size] for c in centres])
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.savez(cache, images=images, truths=truths)


def augment(image, truth, patch, rng):
    """A random crop of `patch` voxels, random flips and axial quarter turns, a small gain and offset."""
    start = [rng.integers(0, s - patch + 1) for s in image.shape]
    window = tuple(slice(s, s + patch) for s in start)
    image, truth = image[window].astype(np.float32), truth[window]
    for axis in range(3):
        if rng.random() < 0.5:
            image, truth = np.flip(image, axis), np.flip(truth, axis)
    turns = rng.integers(0, 4)
    image, truth = np.rot90(image, turns, (1, 2)), np.rot90(truth, turns, (1, 2))
    return image * rng.uniform(0.95, 1.05) + rng.uniform(-0.03, 0.03), truth


def batches(images, truths, patch, batch_size, size_power, rng):
    """Half of each batch holds a nodule (they are rare among lung voxels), half holds none: lung and
    vessels only, where the false positives come from. A patch with a nodule of equivalent diameter d is
    drawn with weight d^-size_power: small nodules are many voxels fewer, and unweighted they barely
    move a Dice loss."""
    voxels = truths.reshape(len(truths), -1).sum(1, dtype=np.int64)
    positive, negative = np.flatnonzero(voxels > 0), np.flatnonzero(voxels == 0)
    weights = np.cbrt(voxels[positive].astype(np.float64)) ** -size_power
    weights /= weights.sum()
    while True:
        chosen = [rng.choice(positive, p=weights) if i % 2 == 0 else rng.choice(negative) for i in range(batch_size)]
        pairs = [augment(images[i], truths[i], patch, rng) for i in chosen]
        yield (torch.from_numpy(np.stack([p[0] for p in pairs])[:, None].copy()),
               torch.from_numpy(np.stack([p[1] for p in pairs]).astype(np.int64).copy()))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--phantoms", type=int, default=60)
    parser.add_argument("--extra-phantoms", type=int, default=0,
                        help="more training phantoms, the seeds after --phantoms, each with --extra-nodules nodules")
    parser.add_argument("--extra-nodules", type=int, default=8)
    parser.add_argument("--small-phantoms", type=int, default=0,
                        help="more training phantoms, the seeds after the extra ones, each with --small-nodules nodules of at most --small-max-diameter mm")
    parser.add_argument("--small-nodules", type=int, default=10)
    parser.add_argument("--small-max-diameter", type=float, default=8.0)
    parser.add_argument("--context-phantoms", type=int, default=0,
                        help="of the --phantoms, how many also give patches at dense voxels outside the lungs (extract_context)")
    parser.add_argument("--context-negatives", type=int, default=16)
    parser.add_argument("--validation", type=int, default=6)
    parser.add_argument("--small-validation", type=int, default=0,
                        help="of the --validation seeds, how many also give a phantom with --small-nodules nodules of at most --small-max-diameter mm, so that the score sees small nodules")
    parser.add_argument("--spacing", type=float, default=1.0)
    parser.add_argument("--patch", type=int, default=48, help="training crop, voxels per side")
    parser.add_argument("--export-patch", type=int, default=64, help="inference patch, voxels per side (the network is fully convolutional)")
    parser.add_argument("--negatives", type=int, default=8, help="random lung and vessel patches per phantom, each")
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--channels", type=int, default=8)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--nodule-weight", type=float, default=20.0, help="cross-entropy weight of nodule voxels: they are rare")
    parser.add_argument("--learning-rate", type=float, default=3e-3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--init", help="model.pt to start from instead of random weights (to train a model further)")
    parser.add_argument("--size-power", type=float, default=0.0,
                        help="draw nodule patches with weight (nodule diameter)^-POWER; 0 draws them evenly")
    parser.add_argument("--patch-dice", action="store_true",
                        help="Dice loss per patch holding a nodule, averaged, instead of over the batch as one volume")
    parser.add_argument("--checkpoints", help="a folder to keep the weights at every validation in (step-N.pt)")
    parser.add_argument("--version", required=True, help="the manifest's model version, e.g. 0.3.0")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    common.seed_everything(args.seed)
    rng = np.random.default_rng(args.seed)
    size = args.patch + 32
    train_range = list(phantoms.seed_range("train"))
    train_seeds = train_range[: args.phantoms]
    extra_seeds = train_range[args.phantoms: args.phantoms + args.extra_phantoms]
    small_seeds = train_range[args.phantoms + args.extra_phantoms: args.phantoms + args.extra_phantoms + args.small_phantoms]
    validation_seeds = list(phantoms.seed_range("validation"))[: args.validation]
    print(f"train seeds {train_seeds[0]}..{train_seeds[-1]}"
          + (f" and {extra_seeds[0]}..{extra_seeds[-1]} with {args.extra_nodules} nodules each" if extra_seeds else "")
          + (f" and {small_seeds[0]}..{small_seeds[-1]} with {args.small_nodules} nodules of at most {args.small_max_diameter:g} mm each" if small_seeds else "")
          + f", validation {validation_seeds[0]}..{validation_seeds[-1]}", flush=True)
    train = ([extract(s, None, args.spacing, size, args.negatives, rng) for s in train_seeds]
             + [extract(s, args.extra_nodules, args.spacing, size, args.negatives, rng) for s in extra_seeds]
             + [extract(s, args.small_nodules, args.spacing, size, args.negatives, rng, args.small_max_diameter) for s in small_seeds]
             + [extract_context(s, args.spacing, size, args.context_negatives, rng) for s in train_seeds[: args.context_phantoms]])
    validation = ([extract(s, None, args.spacing, size, args.negatives, rng) for s in validation_seeds]
                  + [extract_context(s, args.spacing, size, args.context_negatives, rng) for s in validation_seeds if args.context_phantoms]
                  + [extract(s, args.small_nodules, args.spacing, size, args.negatives, rng, args.small_max_diameter)
                     for s in validation_seeds[: args.small_validation]])
    images, truths = np.concatenate([t[0] for t in train]), np.concatenate([t[1] for t in train])
    validation_images = torch.from_numpy(np.concatenate([v[0] for v in validation])[:, None, 16:-16, 16:-16, 16:-16].astype(np.float32))
    validation_truths = np.concatenate([v[1] for v in validation])[:, 16:-16, 16:-16, 16:-16]
    print(f"{len(images)} training patches, {int((truths.reshape(len(truths), -1).max(1) > 0).sum())} with a nodule", flush=True)

    def validate(model):
        """Mean of two halves, so that every nodule counts alike whatever its size: the Dice of each patch
        with a nodule, and the share of patches without one in which no voxel is called nodule."""
        predicted = np.concatenate([model(validation_images[i:i + 8]).argmax(1).numpy() for i in range(0, len(validation_images), 8)])
        predicted = (predicted == 1).reshape(len(predicted), -1)
        truth = (validation_truths == 1).reshape(len(validation_truths), -1)
        positive = truth.any(1)
        overlap = (predicted & truth).sum(1)
        sizes = predicted.sum(1) + truth.sum(1)
        dice = 2 * overlap[positive] / sizes[positive]
        clean = sizes[~positive] == 0
        small = np.cbrt(6 / np.pi * truth[positive].sum(1)) < 6
        print(f"  validation: Dice {dice.mean():.3f} on {positive.sum()} patches with a nodule ({dice[small].mean():.3f} on "
              f"{small.sum()} with one under 6 mm), {clean.mean():.3f} of {(~positive).sum()} without one left clean", flush=True)
        return float(0.5 * dice.mean() + 0.5 * clean.mean())

    model = UNet3d(len(LABELS), args.channels)
    if args.init:
        model.load_state_dict(torch.load(args.init))
    best, best_step, steps = common.train(model, batches(images, truths, args.patch, args.batch, args.size_power, rng), args.steps, args.learning_rate, len(LABELS),
                        log_every=100, validate=validate, class_weights=torch.tensor([1.0, args.nodule_weight]),
                        checkpoints=args.checkpoints, patch_dice=args.patch_dice)
    print(f"best validation score {best:.4f} at step {best_step}")
    training = {"trainSeeds": [train_seeds[0], (small_seeds or extra_seeds or train_seeds)[-1]], "validationSeeds": [validation_seeds[0], validation_seeds[-1]],
                "torchSeed": args.seed, "steps": steps, "bestStep": best_step, "channels": args.channels, "trainingPatch": args.patch,
                "noduleWeight": args.nodule_weight, "learningRate": args.learning_rate, "startedFrom": args.init,
                "sizePower": args.size_power, "dice": "per patch" if args.patch_dice else "batch",
                "validationScore": round(best, 4)}
    if args.context_phantoms:
        training["contextNegatives"] = {"seeds": [train_seeds[0], train_seeds[args.context_phantoms - 1]], "perPhantom": args.context_negatives}
    if extra_seeds:
        training["extraNodulePhantoms"] = {"seeds": [extra_seeds[0], extra_seeds[-1]], "nodules": args.extra_nodules}
    if args.small_validation:
        training["smallNoduleValidation"] = {"seeds": [validation_seeds[0], validation_seeds[args.small_validation - 1]],
                                             "nodules": args.small_nodules, "maxDiameterMm": args.small_max_diameter}
    if small_seeds:
        training["smallNodulePhantoms"] = {"seeds": [small_seeds[0], small_seeds[-1]], "nodules": args.small_nodules,
                                           "maxDiameterMm": args.small_max_diameter}
    patch = [args.export_patch] * 3
    folder = common.export(model, NAME, patch, common.manifest(NAME, args.version, LABELS, args.spacing, patch, WINDOW, {"nodule": 0.5}, 2, training))
    print(f"exported {folder}")


if __name__ == "__main__":
    main()
