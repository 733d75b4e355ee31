"""Trains the nodule model's candidate classifier (candidate_classifier.py) on the detector's own
candidates, and exports it into models/nodule-detection/ beside the detector. A candidate is a nodule
when its centre lies within a truth nodule's radius (the rule `lantern evaluate` scores by); every truth
nodule also gives cubes centred near it, so that the nodules the detector finds only weakly are seen.
Batches are half nodules, half not. A moving average of the weights (--average) is what is validated;
the checkpoint kept is the one whose logit, added to the candidate score's features, gives the best
leave-one-scan-out CPM on the validation candidates; held-out seeds are never touched.

    /usr/bin/python3 models/training/train_candidate_classifier.py --candidates DIR --validation-candidates DIR [--steps 3000]

--candidates holds `lantern analyze --json` outputs of training phantoms, each named after its phantom's
folder in the cache (seed-1000.json, seed-1060-nodules-8.json); --validation-candidates those of the
validation seeds (seed-2000.json ...; fit_candidate_score.py --work keeps them). Both must come from the
detector as shipped: its candidates are what the classifier learns to sort. Where the model has
blobCandidates, the analyses list blobs too: every blob on a nodule is a training cube, and
--blob-negatives of the others per phantom (they number about a thousand); on validation every blob
counts, scored by the blobs' own score refitted with the new logit (fit_candidate_score.py's estimate of
both kinds ranked together). Afterwards run fit_candidate_score.py, which refits both scores from
Lantern's own logits.
"""
import math
import argparse
import copy
import json
import re
from functools import partial
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

import common
import fit_candidate_score as scoring
import phantoms
from candidate_classifier import CandidateClassifier, cube, export, logits

NAME = "nodule-detection"
MODEL = "candidate-classifier.onnx"


def load_phantom(name):
    match = re.fullmatch(r"seed-(\d+)(?:-nodules-(\d+))?(?:-max-([\d.]+)mm)?", name)
    if match is None:
        raise ValueError(f"{name}: not a phantom folder name")
    seed, nodules, diameter = match.groups()
    return phantoms.load(int(seed), int(nodules) if nodules else None, float(diameter) if diameter else None)


def scan_cubes(phantom, findings, size, step_mm, window, truth_copies, rng):
    """Cubes (float16, normalised) and labels for one phantom: one per candidate, then `truth_copies`
    per truth nodule centred within a third of its radius of its centre."""
    centres = [f["centerMm"] for f in findings]
    labels = [1.0 if any(scoring.hits(f, n) for n in phantom.nodules) else 0.0 for f in findings]
    for nodule in phantom.nodules:
        for _ in range(truth_copies):
            direction = rng.normal(size=3)
            shift = direction / np.linalg.norm(direction) * rng.uniform(0, nodule["diameterMm"] / 6)
            centres.append(np.array(nodule["centerMm"]) + shift)
            labels.append(1.0)
    cubes = [common.normalize(cube(phantom.hu, phantom.spacing, phantom.origin, c, size, step_mm, window[0]), window) for c in centres]
    return np.stack(cubes).astype(np.float16) if cubes else np.zeros((0, size, size, size), np.float16), np.array(labels, np.float32)


def cut_training_cubes(path, negatives, size, step_mm, window, truth_copies, seed):
    """Cubes and labels of one training phantom, drawn from a stream of its own, so that how the phantoms are
    shared among workers changes nothing."""
    phantom = load_phantom(path.stem)
    rng = np.random.default_rng([seed, phantom.seed])
    findings = training_findings(json.loads(path.read_text())["findings"], phantom.nodules, negatives, rng)
    return scan_cubes(phantom, findings, size, step_mm, window, truth_copies, rng)


def cut_validation_cubes(path, seed, size, step_mm, window):
    """The truth, the findings and one cube per finding of one validation seed."""
    findings = json.loads(path.read_text())["findings"]
    phantom = phantoms.load(seed)
    return phantom.nodules, findings, scan_cubes(phantom, findings, size, step_mm, window, 0, None)[0]


def cut_validation(pool, folder, size, step_mm, window):
    """The validation seeds' scans (truth, findings) and one cube per finding, from their analyses in `folder`."""
    validation = pool.starmap(partial(cut_validation_cubes, size=size, step_mm=step_mm, window=window),
                              [(Path(folder) / f"seed-{seed}.json", seed) for seed in phantoms.seed_range("validation")], chunksize=1)
    return [(truth, findings) for truth, findings, _ in validation], [c for _, _, c in validation]


def update_average(average, model, decay):
    """average = decay * average + (1 - decay) * model, BatchNorm's running statistics included (its batch count copied)."""
    with torch.no_grad():
        for a, m in zip(average.state_dict().values(), model.state_dict().values()):
            if a.dtype.is_floating_point:
                a.mul_(decay).add_(m, alpha=1 - decay)
            else:
                a.copy_(m)


def augment(cubes, patch, rng):
    """A random crop of `patch` voxels from each cube (a shift of up to its margin), random flips and axial quarter turns."""
    out = np.empty((len(cubes), 1, patch, patch, patch), np.float32)
    for i, c in enumerate(cubes):
        start = rng.integers(0, c.shape[0] - patch + 1, 3)
        c = c[start[0]:start[0] + patch, start[1]:start[1] + patch, start[2]:start[2] + patch].astype(np.float32)
        for axis in range(3):
            if rng.random() < 0.5:
                c = np.flip(c, axis)
        out[i, 0] = np.rot90(c, rng.integers(0, 4), (1, 2))
    return torch.from_numpy(out)


def scored_features(scans, classifier_logits, blobs):
    """Per scan, of the detector's candidates (blobs False) or of the blobs (True): their score's features with
    the classifier's logit (classifier_logits[k][i] for finding i of scan k; None: without the classifier), and
    the labels. An analysis by a model that has a classifier already carries a logit: the new one replaces it."""
    base = len(scoring.FEATURES)
    features, labels = [], []
    for (truth, findings), z in zip(scans, classifier_logits or [None] * len(scans)):
        chosen = [i for i, f in enumerate(findings) if scoring.is_blob(f) == blobs]
        logit = [[] if z is None else [float(z[i])] for i in chosen]
        rows = [l + [math.log(findings[i]["blobDot"])] if blobs else scoring.features(findings[i])[:base] + l for i, l in zip(chosen, logit)]
        width = (1 if blobs else base) + (z is not None)
        features.append(np.array(rows, float).reshape(len(chosen), width))
        labels.append(np.array([1.0 if any(scoring.hits(findings[i], n) for n in truth) else 0.0 for i in chosen]))
    return features, labels


def leave_one_scan_out_scores(scans, classifier_logits, blob_l2):
    """The scans with their findings reordered to match, and the findings' scores: the candidate score refitted with the
    classifier's logit as a seventh feature, and where there are blobs, their own score refitted with it, both kinds
    ranked together; each scan scored by fits on the others (fit_candidate_score.py's estimate)."""
    detector = scoring.leave_one_scan_out(*scored_features(scans, classifier_logits, False), 1.0)
    if not any(scoring.is_blob(f) for _, findings in scans for f in findings):
        return scans, detector
    blob = scoring.leave_one_scan_out(*scored_features(scans, classifier_logits, True), blob_l2)
    ordered = [(truth, [f for f in findings if not scoring.is_blob(f)] + [f for f in findings if scoring.is_blob(f)]) for truth, findings in scans]
    return ordered, [scoring.sigmoid(d) + scoring.sigmoid(b) for d, b in zip(detector, blob)]


def leave_one_scan_out_cpm(scans, classifier_logits, blob_l2):
    """The CPM of leave_one_scan_out_scores."""
    return scoring.cpm(*leave_one_scan_out_scores(scans, classifier_logits, blob_l2))


def training_findings(findings, truth, negatives, rng):
    """The detector's candidates, every blob on a nodule, and `negatives` of the other blobs drawn at random."""
    blobs = [f for f in findings if scoring.is_blob(f)]
    on_nodule = [f for f in blobs if any(scoring.hits(f, n) for n in truth)]
    others = [f for f in blobs if not any(scoring.hits(f, n) for n in truth)]
    drawn = [others[i] for i in sorted(rng.choice(len(others), min(negatives, len(others)), replace=False))] if others else []
    return [f for f in findings if not scoring.is_blob(f)] + on_nodule + drawn


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", required=True, help="lantern analyze --json outputs of training phantoms")
    parser.add_argument("--validation-candidates", required=True, help="lantern analyze --json outputs of the validation seeds")
    parser.add_argument("--patch", type=int, default=32, help="cube side, voxels of the detector's grid (a multiple of 8)")
    parser.add_argument("--shift", type=int, default=2, help="largest random shift of a training cube, voxels")
    parser.add_argument("--truth-copies", type=int, default=4, help="cubes near each truth nodule")
    parser.add_argument("--channels", type=int, default=8)
    parser.add_argument("--steps", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--learning-rate", type=float, default=1e-3)
    parser.add_argument("--validate-every", type=int, default=250)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="processes that cut the cubes")
    parser.add_argument("--average", type=float, default=0.998,
                        help="decay of a moving average of the weights that is validated and exported instead of the weights "
                             "themselves (0.998: about the last 500 steps); 0: none")
    parser.add_argument("--device", default="cpu", help="torch device to train on (cuda where a GPU is lent); cubes are cut and augmented on the CPU")
    parser.add_argument("--checkpoints", help="a folder to keep the weights at every validation in (step-N.pt)")
    parser.add_argument("--blob-negatives", type=int, default=100, help="blobs on no nodule drawn per training phantom")
    parser.add_argument("--blob-l2", type=float, default=100.0, help="ridge penalty of the blobs' score (fit_candidate_score.py --blob-l2)")
    args = parser.parse_args()
    if args.patch % 8:
        parser.error("--patch must be a multiple of 8 (the classifier pools three times)")
    torch.set_num_threads(args.threads)
    common.seed_everything(args.seed)
    rng = np.random.default_rng(args.seed)
    folder = common.MODELS / NAME
    manifest = json.loads((folder / "manifest.json").read_text())
    window = manifest["intensity"]["window"]
    # The views Lantern will average over (models/MANIFEST.md): the new classifier keeps them, and is validated with them.
    views = {k: v for k, v in manifest.get("candidateClassifier", {}).items() if k in ("flips", "moreLooksFromLogit")}
    step_mm = manifest["spacingMm"][0]

    train_files = sorted(Path(args.candidates).glob("seed-*.json"))
    train_range = phantoms.seed_range("train")
    for path in train_files:
        seed = int(re.match(r"seed-(\d+)", path.stem).group(1))
        if seed not in train_range:
            raise SystemExit(f"{path}: seed {seed} is not a training seed ({train_range.start}..{train_range.stop - 1})")
    validation_seeds = list(phantoms.seed_range("validation"))
    with Pool(args.workers) as pool:
        training = pool.map(partial(cut_training_cubes, negatives=args.blob_negatives, size=args.patch + 2 * args.shift, step_mm=step_mm,
                                    window=window, truth_copies=args.truth_copies, seed=args.seed), train_files, chunksize=1)
        scans, validation_cubes = cut_validation(pool, args.validation_candidates, args.patch, step_mm, window)
    cubes, labels = np.concatenate([c for c, _ in training]), np.concatenate([y for _, y in training])
    del training
    positive, negative = np.flatnonzero(labels == 1), np.flatnonzero(labels == 0)
    print(f"training: {len(train_files)} phantoms, {len(cubes)} cubes ({len(positive)} nodules, {len(negative)} not)", flush=True)

    print(f"validation: seeds {validation_seeds[0]}..{validation_seeds[-1]}, {sum(len(f) for _, f in scans)} candidates; "
          f"candidate score without the classifier: leave-one-scan-out CPM {leave_one_scan_out_cpm(scans, None, args.blob_l2)[0]:.3f}",
          flush=True)

    model = CandidateClassifier(args.channels).to(args.device)
    average = copy.deepcopy(model) if args.average else model
    optimizer = torch.optim.Adam(model.parameters(), lr=args.learning_rate, weight_decay=1e-5)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: 0.5 * (1 + np.cos(np.pi * s / args.steps)))
    if args.checkpoints:
        Path(args.checkpoints).mkdir(parents=True, exist_ok=True)
    best, best_step, best_state, running = -1.0, 0, None, 0.0
    for step in range(1, args.steps + 1):
        model.train()
        chosen = np.concatenate([rng.choice(positive, args.batch // 2), rng.choice(negative, args.batch - args.batch // 2)])
        loss = F.binary_cross_entropy_with_logits(model(augment(cubes[chosen], args.patch, rng).to(args.device))[:, 0],
                                                  torch.from_numpy(labels[chosen]).to(args.device))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        schedule.step()
        if args.average:
            # The early weights are soon forgotten: the decay ramps up to --average.
            update_average(average, model, min(args.average, (1 + step) / (10 + step)))
        running += loss.item()
        if step % args.validate_every == 0 or step == args.steps:
            z = [logits(average, c, views) for c in validation_cubes]
            value, sensitivities = leave_one_scan_out_cpm(scans, z, args.blob_l2)
            alone, _ = scoring.cpm(scans, [list(s) for s in z])
            print(f"step {step}/{args.steps} loss {running / args.validate_every:.4f} validation: classifier alone CPM {alone:.3f}, "
                  f"in the candidate score CPM {value:.3f} {[round(s, 3) for s in sensitivities]}", flush=True)
            running = 0.0
            state = {k: v.clone() for k, v in average.state_dict().items()}
            if args.checkpoints:
                torch.save(state, Path(args.checkpoints) / f"step-{step}.pt")
            if value > best:
                best, best_step, best_state = value, step, state
    model.load_state_dict(best_state)
    model.cpu()
    model.eval()
    print(f"best leave-one-scan-out CPM {best:.3f} at step {best_step}")
    export(model, args.patch, folder / MODEL, {"input": "image", "output": "logit"})
    torch.save(model.state_dict(), folder / "candidate-classifier.pt")
    # A score over this classifier's logits as PyTorch computes them, so that the manifest is whole; fit_candidate_score.py
    # refits it from Lantern's own.
    z = [logits(model, c, views) for c in validation_cubes]
    features, labels = scored_features(scans, z, False)
    bias, weights = scoring.fit(np.concatenate(features), np.concatenate(labels), 1.0)
    manifest["candidateScore"] = {"bias": round(bias, 6), "weights": {n: round(float(w), 6) for n, w in zip(scoring.FEATURES + [scoring.CLASSIFIER], weights)}}
    if "blobCandidates" in manifest:
        features, labels = scored_features(scans, z, True)
        bias, weights = scoring.fit(np.concatenate(features), np.concatenate(labels), args.blob_l2)
        manifest["blobCandidates"]["score"] = {"bias": round(bias, 6), "weights": {n: round(float(w), 6) for n, w in zip(scoring.BLOB_FEATURES, weights)}}
    manifest["candidateClassifier"] = {
        "model": MODEL, "patchSize": [args.patch] * 3, "input": "image", "output": "logit", "batchSize": 16, **views,
        "training": {"phantoms": [p.stem for p in train_files], "cubes": int(len(cubes)), "noduleCubes": int(len(positive)), "truthCopies": args.truth_copies,
                     "shift": args.shift, "channels": args.channels, "steps": args.steps, "shippedStep": best_step, "average": args.average,
                     "blobNegatives": args.blob_negatives, "device": args.device,
                     "learningRate": args.learning_rate, "torchSeed": args.seed, "leaveOneScanOutCpm": round(best, 4)}}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"exported {folder / MODEL}; run fit_candidate_score.py next")


if __name__ == "__main__":
    main()
