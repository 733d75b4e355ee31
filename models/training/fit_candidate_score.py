"""Fits a detection model's candidate score (the manifest's `candidateScore`, models/MANIFEST.md) on
validation phantoms: `lantern analyze` lists each phantom's candidates with their figures, a candidate
is labelled a nodule when its centre lies within a truth nodule's radius (the rule `lantern evaluate`
scores by), and an L2-regularised logistic regression of that label on the candidate's features gives
the bias and weights written into models/<name>/manifest.json. Where the manifest has a
`candidateClassifier`, its logit (`classifierLogit` in the analysis) is a seventh feature. Leave-one-scan-out CPM, by peak
probability and by the fitted score, is printed first: the estimate of what the score adds on scans
the fit did not see. Only "validation" seeds are used; held-out seeds stay for `lantern evaluate`.

    /usr/bin/python3 models/training/fit_candidate_score.py [--name nodule-detection] [--work DIR]

Where the manifest has `blobCandidates`, the analyses also list blobs ("source": "blob"); they are
scored apart (`blobCandidates.score`: classifier logit and log dot measure), with a strong ridge
penalty (`--blob-l2`) because they outnumber the detector's candidates many times over, and the
leave-one-scan-out CPM of both kinds ranked together is printed beside the detector's alone.

Where the manifest has `findingSuppression`, Lantern drops findings near a better-scored one. It follows the
scores, so the analyses are made without it (from a copy of the models whose manifest lacks it) and the
estimate applies it to the leave-one-scan-out scores, as Lantern would.

The candidates are those at the manifest's threshold; `--work` keeps each analysis (seed-N.json)
and reuses it on the next run, so change it when the model, its threshold or its blob settings change.
"""
import argparse
import json
import math
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np

import common
import phantoms

FEATURES = ["peakLogit", "meanProbability", "lungFraction", "logVolumeMm3", "elongation", "meanHu"]
CLASSIFIER = "classifierLogit"
BLOB_FEATURES = [CLASSIFIER, "logDot"]
RATES = [0.125, 0.25, 0.5, 1, 2, 4, 8]


def peak_logit(finding):
    p = min(max(finding["peakProbability"], 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def is_blob(finding):
    return finding.get("source") == "blob"


def features(finding):
    """As Lantern.Inference.PostProcessing.CandidateScoring computes them: FEATURES, then the classifier's logit
    where the analysis has one; for a blob, BLOB_FEATURES."""
    if is_blob(finding):
        return [finding[CLASSIFIER], math.log(finding["blobDot"])]
    values = [peak_logit(finding), finding["meanProbability"], finding["lungFraction"], math.log(max(finding["volumeMm3"], 1e-3)),
              finding["diameterMm"] / finding["equivalentDiameterMm"] if finding["equivalentDiameterMm"] > 0 else 1.0, finding["meanHu"]]
    return values + ([finding[CLASSIFIER]] if CLASSIFIER in finding else [])


def hits(finding, nodule):
    return math.dist(finding["centerMm"], nodule["centerMm"]) < nodule["diameterMm"] / 2


def analyse(seed, models, work):
    out = work / f"seed-{seed}.json"
    folder = phantoms.generate(seed)
    if not out.exists():
        subprocess.run([phantoms.LANTERN, "analyze", str(folder / "dicom"), "--models", str(models), "--json", str(out)],
                       check=True, stdout=subprocess.DEVNULL)
    truth = json.loads((folder / "truth.json").read_text())["nodules"]
    return truth, json.loads(out.read_text())["findings"]


def unsuppressed_models(name, manifest):
    """The models folder, or where the manifest has `findingSuppression`, a copy of it whose manifest lacks it."""
    if "findingSuppression" not in manifest:
        return common.MODELS
    copy = Path(tempfile.mkdtemp(prefix="lantern-fit-models-")) / "models"
    shutil.copytree(common.MODELS, copy, ignore=shutil.ignore_patterns("training"))
    (copy / name / "manifest.json").write_text(json.dumps({k: v for k, v in manifest.items() if k != "findingSuppression"}, indent=2))
    return copy


def suppress(scans, scores, settings):
    """Lantern.Inference.PostProcessing.FindingSuppressor on every scan: findings taken highest score first, one
    nearer a kept one than max(distanceMm, longAxisFactor x its long-axis radius) dropped."""
    kept_scans, kept_scores = [], []
    for (truth, findings), score in zip(scans, scores):
        kept = []
        for i in sorted(range(len(findings)), key=lambda i: -score[i]):
            if all(math.dist(findings[i]["centerMm"], findings[k]["centerMm"]) >=
                   max(settings["distanceMm"], settings["longAxisFactor"] * findings[k]["diameterMm"] / 2) for k in kept):
                kept.append(i)
        kept_scans.append((truth, [findings[i] for i in kept]))
        kept_scores.append([score[i] for i in kept])
    return kept_scans, kept_scores


def cpm(scans, scores):
    """LUNA16's CPM as FrocEvaluator computes it: `scores[k][i]` is the score of finding i of scan k."""
    detected, false_positives, nodules = [], [], 0
    for (truth, findings), score in zip(scans, scores):
        hit = [False] * len(findings)
        for nodule in truth:
            nodules += 1
            best = None
            for i, finding in enumerate(findings):
                if hits(finding, nodule):
                    hit[i] = True
                    best = score[i] if best is None else max(best, score[i])
            if best is not None:
                detected.append(best)
        false_positives += [score[i] for i in range(len(findings)) if not hit[i]]
    false_positives.sort(reverse=True)
    sensitivities = []
    for rate in RATES:
        allowed = int(math.floor(rate * len(scans) + 1e-9))
        # The lowest threshold with at most `allowed` false positives lies above the next one.
        above = false_positives[allowed] if allowed < len(false_positives) else -math.inf
        sensitivities.append(sum(1 for d in detected if d > above) / nodules)
    return float(np.mean(sensitivities)), sensitivities


def fit(x, y, l2):
    """Logistic regression by Newton's method on standardised features; weights in the features' own units."""
    mean, std = x.mean(0), x.std(0) + 1e-12
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / std])
    w = np.zeros(z.shape[1])
    penalty = np.diag([0.0] + [l2] * x.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-z @ w))
        gradient = z.T @ (p - y) + penalty @ w
        hessian = z.T @ (z * (p * (1 - p))[:, None]) + penalty
        w -= np.linalg.solve(hessian, gradient)
    weights = w[1:] / std
    return float(w[0] - weights @ mean), weights


def leave_one_scan_out(features, labels, l2):
    """Each scan's candidates scored by a fit on the other scans' (`features[k]`: [candidates, features],
    `labels[k]`: [candidates] of scan k): the estimate of what the score does on scans it did not see."""
    scores = []
    for k in range(len(features)):
        others = [i for i in range(len(features)) if i != k]
        bias, weights = fit(np.concatenate([features[i] for i in others]), np.concatenate([labels[i] for i in others]), l2)
        scores.append(list(bias + features[k] @ weights))
    return scores


def labelled(scans):
    x = [features(f) for truth, findings in scans for f in findings]
    y = [1.0 if any(hits(f, n) for n in truth) else 0.0 for truth, findings in scans for f in findings]
    return np.array(x), np.array(y)


def sigmoid(z):
    return list(1 / (1 + np.exp(-np.asarray(z, float))))


def found(scans):
    return sum(any(hits(f, n) for f in findings) for truth, findings in scans for n in truth)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--name", default="nodule-detection")
    parser.add_argument("--work", help="folder keeping the analyses (default: a new temporary folder)")
    parser.add_argument("--l2", type=float, default=1.0, help="ridge penalty on the standardised weights")
    parser.add_argument("--blob-l2", type=float, default=100.0, help="ridge penalty of the blobs' score")
    args = parser.parse_args()
    folder = common.MODELS / args.name
    manifest = json.loads((folder / "manifest.json").read_text())
    work = Path(args.work or tempfile.mkdtemp(prefix="lantern-fit-"))
    work.mkdir(parents=True, exist_ok=True)
    seeds = list(phantoms.seed_range("validation"))
    models = unsuppressed_models(args.name, manifest)
    analysed = [analyse(seed, models, work) for seed in seeds]
    if models != common.MODELS:
        shutil.rmtree(models.parent)
    scans = [(truth, [f for f in findings if not is_blob(f)]) for truth, findings in analysed]
    blob_scans = [(truth, [f for f in findings if is_blob(f)]) for truth, findings in analysed]
    x, y = labelled(scans)
    names = FEATURES + ([CLASSIFIER] if "candidateClassifier" in manifest else [])
    if x.shape[1] != len(names):
        raise SystemExit(f"the analyses give {x.shape[1]} features, the manifest needs {names}: delete {work} and run again")
    print(f"validation seeds {seeds[0]}..{seeds[-1]}: {len(scans)} scans, {sum(len(t) for t, _ in scans)} nodules, "
          f"{len(y)} candidates at threshold {manifest['thresholds']['nodule']} ({int(y.sum())} on a nodule)")

    per_scan = [labelled([scan]) for scan in scans]
    held_out_scores = leave_one_scan_out([p[0].reshape(len(p[1]), x.shape[1]) for p in per_scan], [p[1] for p in per_scan], args.l2)
    for name, scores in [("peak probability", [[f["peakProbability"] for f in s[1]] for s in scans]),
                         ("fitted score, leave-one-scan-out", held_out_scores)]:
        value, sensitivities = cpm(scans, scores)
        print(f"{name}: CPM {value:.3f}; sensitivity at {RATES} FP/scan: {[round(s, 3) for s in sensitivities]}")

    bias, weights = fit(x, y, args.l2)
    manifest["candidateScore"] = {"bias": round(bias, 6), "weights": {n: round(float(w), 6) for n, w in zip(names, weights)}}
    manifest.setdefault("training", {})["candidateScoreFit"] = {
        "seeds": [seeds[0], seeds[-1]], "candidates": int(len(y)), "onNodules": int(y.sum()), "l2": args.l2,
        "leaveOneScanOutCpm": round(cpm(scans, held_out_scores)[0], 4)}
    if "blobCandidates" in manifest:
        fit_blobs(manifest, scans, held_out_scores, blob_scans, args.blob_l2, seeds)
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"wrote candidateScore to {folder / 'manifest.json'}: {manifest['candidateScore']}")


def fit_blobs(manifest, scans, detector_scores, blob_scans, l2, seeds):
    """The blobs' own score, and the leave-one-scan-out CPM of both kinds of candidate ranked together."""
    per_scan = [labelled([scan]) for scan in blob_scans]
    width = len(BLOB_FEATURES)
    blob_features = [p[0].reshape(len(p[1]), width) for p in per_scan]
    blob_scores = leave_one_scan_out(blob_features, [p[1] for p in per_scan], l2)
    combined = [(truth, d + b) for (truth, d), (_, b) in zip(scans, blob_scans)]
    combined_scores = [sigmoid(d) + sigmoid(b) for d, b in zip(detector_scores, blob_scores)]
    value, sensitivities = cpm(combined, combined_scores)
    x, y = labelled(blob_scans)
    print(f"blobs: {len(y)} ({len(y) / len(blob_scans):.0f} per scan, {int(y.sum())} on a nodule); nodules among the detector's "
          f"candidates {found(scans)}, among both {found(combined)}")
    print(f"both, leave-one-scan-out scores (blob ridge {l2:g}): CPM {value:.3f}; sensitivity at {RATES} FP/scan: {[round(s, 3) for s in sensitivities]}")
    if "findingSuppression" in manifest:
        suppressed, sensitivities = cpm(*suppress(combined, combined_scores, manifest["findingSuppression"]))
        print(f"both, then findingSuppression {manifest['findingSuppression']}: CPM {suppressed:.3f}; sensitivity at {RATES} FP/scan: "
              f"{[round(s, 3) for s in sensitivities]}")
    bias, weights = fit(x.reshape(len(y), width), y, l2)
    manifest["blobCandidates"]["score"] = {"bias": round(bias, 6), "weights": {n: round(float(w), 6) for n, w in zip(BLOB_FEATURES, weights)}}
    manifest["training"]["blobScoreFit"] = {
        "seeds": [seeds[0], seeds[-1]], "blobs": int(len(y)), "onNodules": int(y.sum()), "l2": l2, "leaveOneScanOutCpm": round(value, 4)}
    if "findingSuppression" in manifest:
        manifest["training"]["blobScoreFit"]["suppressedCpm"] = round(suppressed, 4)


if __name__ == "__main__":
    main()
