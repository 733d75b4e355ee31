"""Re-exports a trained model (models/<name>/model.pt) for another inference patch, overlap or
threshold, without training again: the networks are fully convolutional, but ONNX fixes the patch's
shape. A patch that covers a whole chest in fewer, larger pieces costs fewer voxel evaluations than
overlapping small ones.

    /usr/bin/python3 models/training/export.py lung-segmentation --patch 128 128 128 [--overlap 0.25]
    /usr/bin/python3 models/training/export.py nodule-detection --patch 64 64 64 --overlap 0.125 --threshold nodule 0.25

--patch is x y z voxels, as in the manifest; each must be a multiple of 8 (the U-Net pools three times).
"""
import argparse
import json

import torch

import common
from unet3d import UNet3d


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("name", help="folder under models/")
    parser.add_argument("--patch", type=int, nargs=3, metavar=("X", "Y", "Z"), required=True)
    parser.add_argument("--overlap", type=float, help="sliding-window overlap; the manifest's when left out")
    parser.add_argument("--threshold", nargs=2, action="append", default=[], metavar=("LABEL", "P"),
                        help="probability threshold of a label; the manifest's when left out")
    args = parser.parse_args()
    if any(p % 8 for p in args.patch):
        parser.error(f"patch {args.patch}: every side must be a multiple of 8")
    folder = common.MODELS / args.name
    manifest = json.loads((folder / "manifest.json").read_text())
    model = UNet3d(len(manifest["labels"]), manifest["training"]["channels"])
    model.load_state_dict(torch.load(folder / "model.pt"))
    model.eval()
    manifest["patchSize"] = args.patch
    if args.overlap is not None:
        manifest["overlap"] = args.overlap
    for label, threshold in args.threshold:
        if label not in manifest["labels"]:
            parser.error(f"--threshold {label}: not one of the labels {manifest['labels']}")
        manifest["thresholds"][label] = float(threshold)
    x, y, z = args.patch
    common.export(model, args.name, (z, y, x), manifest)
    print(f"exported {folder}: patch {args.patch}, overlap {manifest['overlap']}, thresholds {manifest['thresholds']}")


if __name__ == "__main__":
    main()
