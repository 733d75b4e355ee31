"""Experiment behind nodule-detection's card, "Mirrored views of each cube": does averaging the candidate
classifier's logit over mirrored and turned copies of each cube rank the findings better? The classifier was
trained on cubes flipped along every axis and turned by quarter turns in the axial plane, so each such view is
one it knows; its logit for one view is noisy, and a mean over views may be steadier.

Per validation phantom: `lantern analyze` with the shipped models less their findingSuppression (as
fit_candidate_score.py analyses), then the PyTorch classifier on each finding's cube cut as Lantern cuts it
(reference_analyze.py), in 8 views (VIEWS): the cube, mirrors of it and its quarter turns in the axial plane.
Then, for sets of views, fit_candidate_score.py's leave-one-scan-out CPM of both kinds of finding ranked together
with the mean logit of the set, and the same after the manifest's findingSuppression; last, the same for the cube and its x-mirror where only the cubes whose own logit reaches a
bound are mirrored (moreLooksFromLogit). Only validation seeds are used. Of an ensemble (moreModels), the first
classifier's views.

    LANTERN_CLI=... /usr/bin/python3 models/training/classifier_views.py --work DIR

--work keeps each analysis (seed-N.json) and its logits (seed-N.npy, [findings, views]) for the next run.
"""
import argparse
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import torch

import candidate_classifier
import common
import fit_candidate_score as scoring
import phantoms
import reference_analyze as reference
import train_candidate_classifier as training

# The cube, mirrors of it, and its quarter turns in the axial plane: "t" swaps y and x, so "tx" and "ty" are the two
# quarter turns and "xy" the half turn. Eight of the sixteen such views: the classifier is slow in PyTorch on a CPU.
VIEWS = ["", "x", "y", "z", "xy", "xyz", "tx", "ty"]
SETS = {
    "the cube alone (as shipped)": [""],
    **{f"one view: {v}": [v] for v in VIEWS[1:]},
    "cube + x": ["", "x"],
    "cube + y": ["", "y"],
    "cube + z": ["", "z"],
    "cube + xyz": ["", "xyz"],
    "cube + x + y": ["", "x", "y"],
    "cube + x + z": ["", "x", "z"],
    "cube + y + z": ["", "y", "z"],
    "cube + x + y + z": ["", "x", "y", "z"],
    "the 4 axial quarter turns": ["", "tx", "xy", "ty"],
    "all 8": VIEWS,
}


def view(cubes, name):
    """Cubes [N, z, y, x] transposed in the axial plane where `name` holds "t", then mirrored along its other letters."""
    return candidate_classifier.mirrored(np.swapaxes(cubes, 2, 3) if "t" in name else cubes, name.replace("t", ""))


def analyse(seed, models, work, classifier, manifest):
    """The truth, the findings and the logits [findings, VIEWS] of one validation phantom."""
    analysis, logits_file = work / f"seed-{seed}.json", work / f"seed-{seed}.npy"
    phantom = phantoms.load(seed)
    if not logits_file.exists():
        with tempfile.TemporaryDirectory() as masks:
            subprocess.run([phantoms.LANTERN, "analyze", str(phantoms.CACHE / f"seed-{seed}" / "dicom"), "--models", str(models),
                            "--masks", masks, "--json", str(analysis)], check=True, stdout=subprocess.DEVNULL)
            crop = json.loads((Path(masks) / "masks.json").read_text())["noduleCrop"]
        first, last = crop["first"], crop["last"]
        box = phantom.hu[first[2]:last[2] + 1, first[1]:last[1] + 1, first[0]:last[0] + 1]
        grid_hu = phantoms.resample(box, phantom.spacing, manifest["spacingMm"])
        findings = json.loads(analysis.read_text())["findings"]
        cubes = reference.classifier_cubes(manifest, grid_hu, phantom.origin + np.array(first) * phantom.spacing, findings)
        logits = np.stack([candidate_classifier.logits(classifier, view(cubes, v)) for v in VIEWS], 1) if len(cubes) else np.zeros((0, len(VIEWS)))
        difference = np.abs(logits[:, 0] - np.array([f["classifierLogit"] for f in findings])).max(initial=0.0)
        print(f"seed {seed}: {len(findings)} findings; the cube's logit differs from Lantern's by at most {difference:.5f}", flush=True)
        np.save(logits_file, logits)
    return phantom.nodules, json.loads(analysis.read_text())["findings"], np.load(logits_file)


def estimate(scans, logits, suppression, blob_l2):
    """fit_candidate_score.py's leave-one-scan-out CPM of both kinds ranked together, and after `suppression`."""
    ordered, scores = training.leave_one_scan_out_scores(scans, logits, blob_l2)
    return scoring.cpm(ordered, scores)[0], scoring.cpm(*scoring.suppress(ordered, scores, suppression))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True, help="folder keeping the analyses and logits")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--blob-l2", type=float, default=100.0)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((common.MODELS / "nodule-detection" / "manifest.json").read_text())
    classifier = reference.load_classifier(manifest)
    models = scoring.unsuppressed_models("nodule-detection", manifest)
    try:
        analysed = [analyse(seed, models, work, classifier, manifest) for seed in phantoms.seed_range("validation")]
    finally:
        if models != common.MODELS:
            shutil.rmtree(models.parent)
    scans = [(truth, findings) for truth, findings, _ in analysed]
    print(f"{len(scans)} validation scans, {sum(len(f) for _, f in scans)} findings; leave-one-scan-out CPM, then with findingSuppression")
    for name, views in SETS.items():
        columns = [VIEWS.index(v) for v in views]
        plain, (suppressed, sensitivities) = estimate(scans, [z[:, columns].mean(1) for _, _, z in analysed],
                                                       manifest["findingSuppression"], args.blob_l2)
        print(f"{name:32} {plain:.3f}  {suppressed:.3f}  {[round(s, 3) for s in sensitivities]}", flush=True)
    print("cube + x, mirrored only where the cube's own logit reaches moreLooksFromLogit:")
    every = np.concatenate([z[:, 0] for _, _, z in analysed])
    for least in (-6, -4, -3, -2, -1, 0):
        logits = [np.where(z[:, 0] >= least, z[:, :2].mean(1), z[:, 0]) for _, _, z in analysed]
        plain, (suppressed, sensitivities) = estimate(scans, logits, manifest["findingSuppression"], args.blob_l2)
        print(f"from {least:3}: {np.mean(every >= least):6.1%} mirrored  {plain:.3f}  {suppressed:.3f}  {[round(s, 3) for s in sensitivities]}",
              flush=True)


if __name__ == "__main__":
    main()
