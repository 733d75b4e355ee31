"""Joins candidate classifiers that train_candidate_classifier.py made apart (other seeds or widths) into one
whose logit is the mean of theirs, and exports them into models/nodule-detection/ in place of the classifier there:
an ONNX file per member (the first as candidateClassifier.model, the others as .moreModels, in the order given),
their weights together (candidate_classifier.Ensemble's .pt), and the manifest's candidateClassifier, whose training
lists each member's own training record (`members`). Lantern asks the others only about the cubes whose first logit
reaches the manifest's moreLooksFromLogit, so the first member should be the cheapest.

    /usr/bin/python3 models/training/ensemble_classifiers.py MEMBER_DIR MEMBER_DIR [...] [--validation-candidates DIR]

Each MEMBER_DIR is a nodule-detection folder holding a classifier and the manifest its training wrote (a copy of
models/nodule-detection/ taken after each train_candidate_classifier.py run). With --validation-candidates (as for
train_candidate_classifier.py) it prints the leave-one-scan-out CPM of each member and of the ensemble, the
training script's estimate; only validation seeds are used. Afterwards run fit_candidate_score.py.
"""
import argparse
import json
from multiprocessing import Pool
from pathlib import Path

import torch

import common
import train_candidate_classifier as training
from candidate_classifier import build, export, logits


def print_estimates(ensemble, settings, manifest, folder, workers):
    with Pool(workers) as pool:
        scans, cubes = training.cut_validation(pool, folder, settings["patchSize"][0], manifest["spacingMm"][0], manifest["intensity"]["window"])
    for name, model in [*((f"member {i + 1}", m) for i, m in enumerate(ensemble.members)), ("ensemble", ensemble)]:
        value, sensitivities = training.leave_one_scan_out_cpm(scans, [logits(model, c, settings) for c in cubes], 100.0)
        print(f"{name}: validation leave-one-scan-out CPM {value:.3f} {[round(s, 3) for s in sensitivities]}", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("members", nargs="+", type=Path, help="nodule-detection folders, each with a trained classifier")
    parser.add_argument("--validation-candidates", type=Path, help="lantern analyze --json outputs of the validation seeds")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if len(args.members) < 2:
        parser.error("an ensemble needs two members or more")
    torch.set_num_threads(2)
    folder = common.MODELS / training.NAME
    manifest = json.loads((folder / "manifest.json").read_text())
    settings = manifest["candidateClassifier"]
    records = []
    for member in args.members:
        record = json.loads((member / "manifest.json").read_text())["candidateClassifier"]
        if record["patchSize"] != settings["patchSize"]:
            raise SystemExit(f"{member}: patch size {record['patchSize']}, the manifest's is {settings['patchSize']}")
        if "members" in record["training"]:
            raise SystemExit(f"{member}: already an ensemble")
        records.append(record["training"])
    settings["training"] = {"members": records}
    # Built from the record, as the reference (reference_analyze.py) rebuilds it.
    ensemble = build(settings["training"])
    for model, member in zip(ensemble.members, args.members):
        model.load_state_dict(torch.load(member / "candidate-classifier.pt"))
    ensemble.eval()
    if args.validation_candidates:
        print_estimates(ensemble, settings, manifest, args.validation_candidates, args.workers)
    files = [training.MODEL, *(Path(training.MODEL).stem + f"-{i + 1}.onnx" for i in range(1, len(records)))]
    for model, name in zip(ensemble.members, files):
        export(model, settings["patchSize"][0], folder / name, settings)
    settings = manifest["candidateClassifier"] = {"model": files[0], "moreModels": files[1:], **{k: v for k, v in settings.items() if k not in ("model", "moreModels")}}
    torch.save(ensemble.state_dict(), folder / "candidate-classifier.pt")
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(f"exported an ensemble of {len(records)} classifiers ({[r['channels'] for r in records]} channels) to {', '.join(files)} in {folder}; "
          f"run fit_candidate_score.py next")


if __name__ == "__main__":
    main()
