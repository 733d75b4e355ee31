"""The PyTorch reference for `lantern analyze`: analyses held-out phantoms with the trained PyTorch
models (models/<name>/model.pt) following the steps Lantern.Inference takes, and prints the Dice
between its lung and nodule masks and the ones `lantern analyze --masks` writes. Pass: >= 0.99.
Where the nodule model has a candidate classifier (candidate-classifier.pt), it also prints the largest
difference between the classifier's logits of Lantern's findings (`--json`) and PyTorch's, each cube cut
as Lantern cuts it from the PyTorch nodule grid. Pass: < 0.01.

    /usr/bin/python3 models/training/reference_analyze.py [--seeds 9000..9001]

Steps mirrored (src/Lantern.Inference/Pipeline): HU resampled trilinearly to the lung model's
spacing (output voxel i at source index i*step, same origin), window-normalised, sliding window
with Gaussian blending of raw outputs, softmax; each lung channel upsampled trilinearly to the CT
spacing, argmax (CT voxels past the last coarse one take its side), the largest 26-connected component per lung, holes of up to 100 mm2 filled slice by
slice. Nodules: the CT voxels of the crop lantern reports (derived from its coarse lung mask),
resampled to the nodule model's spacing, the same inference run only in the patches that meet the coarse
lung mask (argmax, the largest component per lung), probability >= the manifest threshold,
nearest-voxel back onto the CT grid. Classifier: the cube whose centre lies nearest the finding's
centre on the nodule grid (start rounded half up), padded with the window's lowest HU, window-normalised;
the first classifier's logit of the cube, or, where it reaches `moreLooksFromLogit`, the mean over every classifier
(`model`, `moreModels`) at the cube and at each mirror of it the manifest's `flips` lists.
"""
import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch
from scipy import ndimage

import common
import phantoms
import sliding_window
import candidate_classifier
from unet3d import UNet3d

MAXIMUM_HOLE_MM2 = 100.0


def load_model(name):
    folder = common.MODELS / name
    manifest = json.loads((folder / "manifest.json").read_text())
    model = UNet3d(len(manifest["labels"]), manifest["training"]["channels"])
    model.load_state_dict(torch.load(folder / "model.pt"))
    return model.eval(), manifest


def infer(model, manifest, hu, needed=None):
    low, high = manifest["intensity"]["window"]
    x, y, z = manifest["patchSize"]
    logits = sliding_window.infer(model, common.normalize(hu, (low, high)).astype(np.float32), (z, y, x),
                                  len(manifest["labels"]), manifest["overlap"], padding=0.0, batch_size=manifest["batchSize"], needed=needed,
                                  multiple=manifest.get("patchMultiple"))
    return torch.from_numpy(logits).softmax(0).numpy()


def largest_component(mask):
    labels, count = ndimage.label(mask, structure=np.ones((3, 3, 3)))
    if count == 0:
        return mask
    sizes = np.bincount(labels.ravel())[1:]
    return labels == (1 + int(np.argmax(sizes)))


def coarse_lungs(probabilities, labels):
    """Lantern's coarse lung mask (PostProcessing/LungMask.cs) as one boolean volume, without its slice-wise
    hole filling: a hole is enclosed by its lung within the slice and narrower than a patch, so filling it
    never changes which patches meet a lung."""
    left, right = probabilities[labels.index("left-lung")], probabilities[labels.index("right-lung")]
    top = probabilities.max(0)
    is_left, is_right = left >= top, right >= top
    classes = np.where(is_left & (~is_right | (left >= right)), 1, np.where(is_right, 2, 0))
    return largest_component(classes == 1) | largest_component(classes == 2)


def meeting_lungs(lungs, lung_spacing, offset_mm, spacing):
    """Pipeline/LungPatches.cs: whether the patch of `patch_zyx` voxels starting at (z, y, x) of a grid of `spacing` whose first voxel
    lies `offset_mm` from the lung grid's (both x, y, z) overlaps a voxel of `lungs`."""
    lung_spacing, offset_mm, spacing = (np.asarray(v, float)[::-1] for v in (lung_spacing, offset_mm, spacing))

    def needed(z, y, x, patch_zyx):
        start = np.array([z, y, x])
        low = (offset_mm + (start - 0.5) * spacing) / lung_spacing
        high = (offset_mm + (start + np.array(patch_zyx) - 0.5) * spacing) / lung_spacing
        first = np.maximum(0, np.ceil(low - 0.5)).astype(int)
        last = np.minimum(np.array(lungs.shape) - 1, np.floor(high + 0.5)).astype(int)
        return bool((first <= last).all() and lungs[first[0]:last[0] + 1, first[1]:last[1] + 1, first[2]:last[2] + 1].any())
    return needed


def lung_mask(probabilities, coarse_spacing, ct_shape, ct_spacing):
    best, winner = None, None
    for channel in range(probabilities.shape[0]):
        fine = phantoms.resample(probabilities[channel], coarse_spacing, ct_spacing)
        if best is None:
            best, winner = fine, np.zeros(fine.shape, np.uint8)
        else:
            better = fine > best
            best[better] = fine[better]
            winner[better] = channel
    # CT voxels past the last coarse voxel's centre take the side of the last covered one (CtGridLungMask).
    labels = np.pad(winner, [(0, n - w) for n, w in zip(ct_shape, winner.shape)], mode="edge")
    result = np.zeros(ct_shape, np.uint8)
    for side in (1, 2):
        result[largest_component(labels == side)] = side
    maximum_hole = MAXIMUM_HOLE_MM2 / (ct_spacing[0] * ct_spacing[1])
    for side in (1, 2):
        for z in range(ct_shape[0]):
            plane = result[z]
            if not (plane == side).any():
                continue
            regions, count = ndimage.label(plane != side)
            open_regions = set(np.unique(np.concatenate([regions[0], regions[-1], regions[:, 0], regions[:, -1]])))
            sizes = np.bincount(regions.ravel())
            for region in range(1, count + 1):
                if region not in open_regions and sizes[region] <= maximum_hole:
                    plane[(regions == region) & (plane == 0)] = side
    return result


def load_classifier(manifest):
    settings = manifest.get("candidateClassifier")
    if settings is None:
        return None
    model = candidate_classifier.build(settings["training"])
    model.load_state_dict(torch.load(common.MODELS / "nodule-detection" / Path(settings["model"]).with_suffix(".pt").name))
    return model.eval()


def classifier_cubes(manifest, grid_hu, grid_origin, findings):
    """The classifier's input cube [z, y, x] of each finding, cut as Lantern.Inference's CandidateClassifierModel cuts it."""
    settings, spacing = manifest["candidateClassifier"], np.array(manifest["spacingMm"])
    low, high = manifest["intensity"]["window"]
    size = np.array(settings["patchSize"])[::-1]
    padded = np.pad(grid_hu, [(s, s) for s in size], constant_values=low)
    cubes = []
    for finding in findings:
        centre = ((np.array(finding["centerMm"]) - grid_origin) / spacing)[::-1]
        start = np.floor(centre - (size - 1) / 2 + 0.5).astype(int) + size
        cubes.append(padded[start[0]:start[0] + size[0], start[1]:start[1] + size[1], start[2]:start[2] + size[2]])
    return common.normalize(np.stack(cubes), (low, high)).astype(np.float32) if cubes else np.zeros((0, *size), np.float32)


def classifier_logits(model, manifest, grid_hu, grid_origin, findings):
    """The classifier's logit of each finding as Lantern computes it (candidate_classifier.logits)."""
    return candidate_classifier.logits(model, classifier_cubes(manifest, grid_hu, grid_origin, findings), manifest["candidateClassifier"])


def nodule_mask(model, manifest, hu, ct_spacing, crop, lungs, lung_spacing):
    """The nodule mask on the CT grid and the nodule model's input grid (HU); `lungs`: the coarse lung mask, on
    a grid of `lung_spacing` with the CT grid's origin."""
    first, last = crop["first"], crop["last"]
    box = hu[first[2]:last[2] + 1, first[1]:last[1] + 1, first[0]:last[0] + 1]
    spacing = manifest["spacingMm"]
    grid_hu = phantoms.resample(box, ct_spacing, spacing)
    needed = meeting_lungs(lungs, lung_spacing, np.array(first) * np.array(ct_spacing), spacing)
    probability = infer(model, manifest, grid_hu, needed)[manifest["labels"].index("nodule")]
    above = (probability >= manifest["thresholds"]["nodule"]).astype(np.uint8)
    mask = np.zeros(hu.shape, np.uint8)
    # Nearest voxel, half-way up (with lantern's tolerance of 1e-6): 1.25 mm slices meet 1 mm voxels half-way.
    indices = [np.floor((np.arange(n) * ct_spacing[a]) / spacing[a] + 0.5 + 1e-6).astype(int) for a, n in enumerate(box.shape[::-1])]
    ix, iy, iz = indices
    inside = [(i < s) for i, s in zip((ix, iy, iz), above.shape[::-1])]
    sub = above[np.ix_(np.where(inside[2], iz, 0), np.where(inside[1], iy, 0), np.where(inside[0], ix, 0))]
    sub = sub * inside[2][:, None, None] * inside[1][None, :, None] * inside[0][None, None, :]
    mask[first[2]:last[2] + 1, first[1]:last[1] + 1, first[0]:last[0] + 1] = sub
    return mask, grid_hu


def dice(a, b):
    total = a.sum() + b.sum()
    return 1.0 if total == 0 else 2 * np.logical_and(a, b).sum() / total


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", default="9000..9001")
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    first, last = (int(s) for s in args.seeds.split(".."))
    lungs_model, lungs_manifest = load_model("lung-segmentation")
    nodule_model, nodule_manifest = load_model("nodule-detection")
    classifier = load_classifier(nodule_manifest)
    worst, worst_logit = 1.0, 0.0
    for seed in range(first, last + 1):
        phantom = phantoms.load(seed)
        with tempfile.TemporaryDirectory() as masks:
            subprocess.run([phantoms.LANTERN, "analyze", str(phantoms.CACHE / f"seed-{seed}" / "dicom"), "--models", str(common.MODELS), "--masks", masks,
                            "--json", str(Path(masks) / "findings.json")], check=True, stdout=subprocess.DEVNULL)
            findings = json.loads((Path(masks) / "findings.json").read_text())["findings"]
            theirs_lungs = np.load(Path(masks) / "lungs.npy")
            theirs_nodules = np.load(Path(masks) / "nodules.npy")
            description = json.loads((Path(masks) / "masks.json").read_text())
        ct_spacing = list(phantom.spacing)
        coarse_spacing = lungs_manifest["spacingMm"]
        probabilities = infer(lungs_model, lungs_manifest, phantoms.resample(phantom.hu, ct_spacing, coarse_spacing))
        ours_lungs = lung_mask(probabilities, coarse_spacing, phantom.hu.shape, ct_spacing)
        ours_nodules, grid_hu = nodule_mask(nodule_model, nodule_manifest, phantom.hu, ct_spacing, description["noduleCrop"],
                                            coarse_lungs(probabilities, lungs_manifest["labels"]), coarse_spacing)
        scores = {"left lung": dice(ours_lungs == 1, theirs_lungs == 1), "right lung": dice(ours_lungs == 2, theirs_lungs == 2),
                  "nodules": dice(ours_nodules == 1, theirs_nodules == 1)}
        worst = min(worst, *scores.values())
        line = f"seed {seed}: " + ", ".join(f"{k} Dice {v:.4f}" for k, v in scores.items())
        if classifier is not None:
            grid_origin = phantom.origin + np.array(description["noduleCrop"]["first"]) * phantom.spacing
            theirs = np.array([f["classifierLogit"] for f in findings])
            difference = np.abs(classifier_logits(classifier, nodule_manifest, grid_hu, grid_origin, findings) - theirs).max(initial=0.0)
            worst_logit = max(worst_logit, difference)
            line += f", classifier logits of {len(findings)} findings differ by at most {difference:.5f}"
        print(line, flush=True)
    print(f"lowest Dice between PyTorch and lantern analyze: {worst:.4f} (goal >= 0.99)")
    if classifier is not None:
        print(f"largest classifier logit difference: {worst_logit:.5f} (goal < 0.01)")
    sys.exit(0 if worst >= 0.99 and worst_logit < 0.01 else 1)


if __name__ == "__main__":
    main()
