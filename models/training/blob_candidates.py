"""Experiment behind nodule-detection's card, "Small nodules as blobs": does a multi-scale Hessian dot
filter find the small nodules the detector misses, and what do its candidates add to the detector's once
the candidate classifier has looked at them? Lantern's own stage (Lantern.Imaging.Filters.BlobFilter, the
manifest's blobCandidates) came out of it; its dot_filter is the reference BlobFilterTests check Lantern's
filter against, to 1e-4.

Per phantom: the CT inside the lungs' box resampled to the detector's grid as Lantern resamples it and
clipped to the detector's HU window; the lungs from the truth labels (lungs and nodules, closed:
optimistic, Lantern would use its own lung mask); the scale-normalised Hessian at each sigma, and where
all three eigenvalues are negative the dot measure |l3|^2/|l1| (l1 the most negative, l3 the least: high
for a ball, low for a tube or a plate), its maximum over the sigmas. Local maxima (5 voxels) of at least
--min-dot are blobs; the shipped classifier gives each blob's cube its logit. The combined estimate adds
the blobs farther than --dedupe-mm from every detector candidate to the detector's candidates: the
detector's scored by fit_candidate_score's leave-one-scan-out score, the blobs by a leave-one-scan-out
logistic regression of their own (logit, log dot; ridge penalties 1 to 1000), both as probabilities.

    /usr/bin/python3 models/training/blob_candidates.py --work DIR --detector-analyses FIT_DIR
        [--seeds 2000..2019] [--sigmas 0.9,1.3,1.8] [--min-dot 20] [--dedupe-mm 5]

FIT_DIR: the --work folder of fit_candidate_score.py (seed-N.json, `lantern analyze` of each phantom).
"""
import argparse
import json
import math
from pathlib import Path

import numpy as np
import torch
from scipy import ndimage

import common
import fit_candidate_score as fit
import phantoms
from candidate_classifier import CandidateClassifier, cube

# Below this scale-normalised Laplacian (HU) a voxel cannot be a blob worth the eigenvalues.
TRACE_LIMIT = -60.0


def dot_filter(hu, step_mm, sigmas_mm):
    """Max over sigmas of the dot measure of [z, y, x] `hu` (voxels step_mm apart), and the sigma giving it."""
    best = np.zeros(hu.shape, np.float32)
    scale = np.zeros(hu.shape, np.float32)
    orders = {"zz": (2, 0, 0), "yy": (0, 2, 0), "xx": (0, 0, 2), "zy": (1, 1, 0), "zx": (1, 0, 1), "yx": (0, 1, 1)}
    for sigma_mm in sigmas_mm:
        s = sigma_mm / step_mm
        h = {k: ndimage.gaussian_filter(hu, s, order=o) * (s * s) for k, o in orders.items()}
        where = np.nonzero(h["zz"] + h["yy"] + h["xx"] < TRACE_LIMIT)
        m = np.stack([np.stack([h["zz"][where], h["zy"][where], h["zx"][where]], -1),
                      np.stack([h["zy"][where], h["yy"][where], h["yx"][where]], -1),
                      np.stack([h["zx"][where], h["yx"][where], h["xx"][where]], -1)], -2)
        eigen = np.linalg.eigvalsh(m)
        most, least = eigen[:, 0], eigen[:, 2]
        dot = np.where(least < 0, least * least / np.abs(most), 0).astype(np.float32)
        larger = dot > best[where]
        best[tuple(w[larger] for w in where)] = dot[larger]
        scale[tuple(w[larger] for w in where)] = sigma_mm
    return best, scale


def blobs(seed, sigmas_mm, min_dot, classifier, manifest):
    """The blobs of one phantom on the detector's grid (its spacing and HU window), each with the classifier's logit."""
    step_mm, window = manifest["spacingMm"][0], manifest["intensity"]["window"]
    size = manifest["candidateClassifier"]["patchSize"][0]
    p = phantoms.load(seed)
    lungs = p.labels > 0
    z, y, x = np.nonzero(lungs)
    lo, hi = np.array([z.min(), y.min(), x.min()]), np.array([z.max(), y.max(), x.max()]) + 1
    box = tuple(slice(a, b) for a, b in zip(lo, hi))
    hu = np.clip(phantoms.resample(p.hu[box], p.spacing, step_mm), *window)
    mask = phantoms.resample(lungs[box], p.spacing, step_mm, mode="nearest")
    mask |= ndimage.binary_closing(mask, iterations=3)
    dot, scale = dot_filter(hu, step_mm, sigmas_mm)
    dot = np.where(mask, dot, 0)
    peaks = np.argwhere((dot == ndimage.maximum_filter(dot, size=5)) & (dot >= min_dot))
    corner = p.origin + lo[[2, 1, 0]] * p.spacing
    centers = corner + peaks[:, [2, 1, 0]] * step_mm
    hu_full = p.hu.astype(np.float32)
    logits = []
    with torch.no_grad():
        for i in range(0, len(centers), 64):
            cubes = np.stack([cube(hu_full, p.spacing, p.origin, c, size, step_mm, window[0]) for c in centers[i:i + 64]])
            logits += classifier(torch.from_numpy(common.normalize(cubes, window)[:, None].astype(np.float32)))[:, 0].tolist()
    return [{"centerMm": [float(v) for v in c], "dot": float(dot[tuple(k)]), "sigmaMm": float(scale[tuple(k)]), "hu": float(hu[tuple(k)]),
             "logit": float(g)} for c, k, g in zip(centers, peaks, logits)]


def sigmoid(z):
    return 1 / (1 + np.exp(-np.asarray(z, float)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True, help="folder keeping each phantom's blobs (blobs-N.json), at the --min-dot they were found with")
    parser.add_argument("--detector-analyses", required=True, help="fit_candidate_score.py's --work folder")
    parser.add_argument("--seeds", default="validation", help="A..B, or a seeds.json range name")
    parser.add_argument("--sigmas", default="0.9,1.3,1.8", help="Gaussian scales, mm")
    parser.add_argument("--min-dot", type=float, default=20.0)
    parser.add_argument("--dedupe-mm", type=float, default=5.0)
    args = parser.parse_args()
    first, _, last = args.seeds.partition("..")
    seeds = range(int(first), int(last) + 1) if last else phantoms.seed_range(args.seeds)
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    folder = common.MODELS / "nodule-detection"
    manifest = json.loads((folder / "manifest.json").read_text())
    classifier = CandidateClassifier()
    classifier.load_state_dict(torch.load(folder / "candidate-classifier.pt", map_location="cpu"))
    classifier.eval()

    blob_scans, detector_scans = [], []
    for seed in seeds:
        out = work / f"blobs-{seed}.json"
        if not out.exists():
            out.write_text(json.dumps(blobs(seed, [float(s) for s in args.sigmas.split(",")], args.min_dot, classifier, manifest)))
        truth = json.loads((phantoms.generate(seed) / "truth.json").read_text())["nodules"]
        blob_scans.append((truth, [b for b in json.loads(out.read_text()) if b["dot"] >= args.min_dot]))
        detector_scans.append((truth, json.loads((Path(args.detector_analyses) / f"seed-{seed}.json").read_text())["findings"]))

    def found(scans):
        return sum(any(fit.hits(f, n) for f in findings) for truth, findings in scans for n in truth)

    nodules = sum(len(t) for t, _ in blob_scans)
    print(f"seeds {seeds[0]}..{seeds[-1]}: {nodules} nodules; blobs per scan {np.mean([len(b) for _, b in blob_scans]):.0f}, "
          f"on {found(blob_scans)} nodules")
    value, sensitivities = fit.cpm(blob_scans, [[b["logit"] for b in s] for _, s in blob_scans])
    print(f"blobs by classifier logit: CPM {value:.3f}; {[round(s, 3) for s in sensitivities]}")

    per_scan = [fit.labelled([scan]) for scan in detector_scans]
    detector_scores = fit.leave_one_scan_out([x.reshape(len(y), -1) for x, y in per_scan], [y for _, y in per_scan], 1.0)
    value, sensitivities = fit.cpm(detector_scans, detector_scores)
    print(f"detector candidates, leave-one-scan-out score: CPM {value:.3f}; {[round(s, 3) for s in sensitivities]}; on {found(detector_scans)} nodules")

    extra = [(truth, [b for b in s if all(math.dist(b["centerMm"], f["centerMm"]) >= args.dedupe_mm for f in d)])
             for (truth, s), (_, d) in zip(blob_scans, detector_scans)]
    features = [np.array([[b["logit"], math.log(b["dot"])] for b in e]).reshape(-1, 2) for _, e in extra]
    labels = [np.array([1.0 if any(fit.hits(b, n) for n in truth) else 0.0 for b in e]) for truth, e in extra]
    combined = [(truth, d + e) for (truth, d), (_, e) in zip(detector_scans, extra)]
    print(f"combined: detector candidates and the blobs beyond {args.dedupe_mm} mm of them ({np.mean([len(e) for _, e in extra]):.0f} per scan), "
          f"on {found(combined)} nodules")
    # The blobs outnumber the detector's candidates twenty to one; a stronger ridge penalty lowers their
    # fitted probabilities towards the prior, so only a clear logit lifts a blob above a detector candidate.
    for l2 in (1.0, 10.0, 100.0, 1000.0):
        blob_scores = fit.leave_one_scan_out(features, labels, l2)
        scores = [list(sigmoid(a)) + list(sigmoid(b)) for a, b in zip(detector_scores, blob_scores)]
        value, sensitivities = fit.cpm(combined, scores)
        print(f"  blob score ridge {l2:g}: CPM {value:.3f}; {[round(s, 3) for s in sensitivities]}")

if __name__ == "__main__":
    main()
