"""Re-exports a trained model (models/<name>/model.pt) for another inference patch, overlap or
threshold, without training again: the networks are fully convolutional, but ONNX fixes the patch's
shape unless told otherwise. A patch that covers a whole chest in fewer, larger pieces costs fewer voxel
evaluations than overlapping small ones.

    /usr/bin/python3 models/training/export.py lung-segmentation --patch 160 160 160 --patch-multiple 8
    /usr/bin/python3 models/training/export.py nodule-detection --patch 128 128 128 --patch-multiple 8 --overlap 0.0625 --batch-size 1

--patch is x y z voxels, as in the manifest; each must be a multiple of 8 (the U-Net pools three times).
--patch-multiple M exports the graph with free spatial axes and writes the manifest's patchMultiple: --patch is then
the largest patch, and along each axis Lantern runs the smallest multiple of M (a multiple of 8) that needs no more
patches than --patch would; without it, the manifest's patchMultiple is dropped.
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
    parser.add_argument("--patch-multiple", type=int, help="a patch may shrink to a small volume, in steps of this")
    parser.add_argument("--overlap", type=float, help="sliding-window overlap; the manifest's when left out")
    parser.add_argument("--batch-size", type=int, help="patches per run; the manifest's when left out")
    parser.add_argument("--threshold", nargs=2, action="append", default=[], metavar=("LABEL", "P"),
                        help="probability threshold of a label; the manifest's when left out")
    args = parser.parse_args()
    if any(p % 8 for p in args.patch):
        parser.error(f"patch {args.patch}: every side must be a multiple of 8")
    if args.patch_multiple is not None and (args.patch_multiple % 8 or any(p % args.patch_multiple for p in args.patch)):
        parser.error(f"--patch-multiple {args.patch_multiple}: must be a multiple of 8 that divides every side of the patch")
    folder = common.MODELS / args.name
    manifest = json.loads((folder / "manifest.json").read_text())
    model = UNet3d(len(manifest["labels"]), manifest["training"]["channels"])
    model.load_state_dict(torch.load(folder / "model.pt"))
    model.eval()
    manifest["patchSize"] = args.patch
    manifest.pop("patchMultiple", None)
    if args.patch_multiple is not None:
        items = list(manifest.items())
        after = [k for k, _ in items].index("patchSize") + 1
        manifest = dict(items[:after] + [("patchMultiple", args.patch_multiple)] + items[after:])
    if args.overlap is not None:
        manifest["overlap"] = args.overlap
    if args.batch_size is not None:
        manifest["batchSize"] = args.batch_size
    for label, threshold in args.threshold:
        if label not in manifest["labels"]:
            parser.error(f"--threshold {label}: not one of the labels {manifest['labels']}")
        manifest["thresholds"][label] = float(threshold)
    x, y, z = args.patch
    common.export(model, args.name, (z, y, x), manifest)
    print(f"exported {folder}: patch {args.patch}, overlap {manifest['overlap']}, thresholds {manifest['thresholds']}")


if __name__ == "__main__":
    main()
