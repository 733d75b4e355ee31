"""The nodule model's second stage: a small 3D CNN that looks at a cube of CT around each candidate and
answers "nodule or not" with one logit (LUNA16's false-positive reduction). Lantern cuts the cube from
the grid the detector ran on (its spacing and HU window) and feeds the logit to the candidate score as
the feature `classifierLogit` (models/MANIFEST.md).

BatchNorm for ONNX Runtime to fold, as in unet3d.py; global average pooling keeps the head to a few
weights whatever the cube's size.
"""
import numpy as np
import torch
from scipy import ndimage
from torch import nn

import common


def block(in_channels: int, out_channels: int, convolutions: int) -> list:
    layers = []
    for i in range(convolutions):
        layers += [nn.Conv3d(in_channels if i == 0 else out_channels, out_channels, 3, padding=1, bias=False),
                   nn.BatchNorm3d(out_channels), nn.LeakyReLU(0.01, inplace=True)]
    return layers


class CandidateClassifier(nn.Module):
    """Input [N, 1, D, H, W] (D, H, W divisible by 8), window-normalised HU; output [N, 1] logits."""

    def __init__(self, base_channels: int = 8):
        super().__init__()
        c = base_channels
        self.features = nn.Sequential(
            *block(1, c, 1), nn.MaxPool3d(2),
            *block(c, 2 * c, 2), nn.MaxPool3d(2),
            *block(2 * c, 4 * c, 2), nn.MaxPool3d(2),
            *block(4 * c, 4 * c, 1))
        self.head = nn.Linear(4 * c, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x).mean((2, 3, 4)))


class Ensemble(nn.Module):
    """Classifiers trained apart (other seeds or widths) kept together, the first first: Lantern runs each from its own
    ONNX file (the manifest's candidateClassifier.model, then .moreModels) and averages their logits (logits())."""

    def __init__(self, channels: list):
        super().__init__()
        self.members = nn.ModuleList(CandidateClassifier(c) for c in channels)


def build(training: dict) -> nn.Module:
    """The untrained network a manifest's candidateClassifier.training describes: an ensemble where it lists
    members (ensemble_classifiers.py), else one classifier."""
    members = training.get("members")
    return Ensemble([m["channels"] for m in members]) if members else CandidateClassifier(training["channels"])


def export(model: nn.Module, size: int, path, settings: dict):
    """One classifier to ONNX as Lantern runs it: [batch, 1, size, size, size] in, [batch, 1] logits out, under the
    tensor names of `settings` (the manifest's candidateClassifier)."""
    torch.onnx.export(model, torch.zeros((1, 1, size, size, size)), path, opset_version=common.OPSET,
                      input_names=[settings["input"]], output_names=[settings["output"]],
                      dynamic_axes={settings["input"]: {0: "batch"}, settings["output"]: {0: "batch"}})


def mirrored(cubes: np.ndarray, flip: str) -> np.ndarray:
    """Cubes [N, z, y, x] with the axes `flip` names ("x", "xz", ...; "" none) reversed."""
    axes = [1 + "zyx".index(axis) for axis in flip]
    return np.flip(cubes, axes) if axes else cubes


def logits(model: nn.Module, cubes: np.ndarray, views: dict | None = None, batch: int = 64) -> np.ndarray:
    """The logit of each normalised cube ([N, z, y, x]) as Lantern computes it: the first look, the (first) classifier on
    the cube, for every cube; for the cubes whose first logit reaches `moreLooksFromLogit` of `views` (the manifest's
    candidateClassifier; absent: every cube), the mean over the looks of every classifier of an Ensemble at the cube and
    at each mirror of it in `flips`. Without `views`, the first look alone."""
    flips, from_logit = (views or {}).get("flips", []), (views or {}).get("moreLooksFromLogit")
    models = list(model.members) if isinstance(model, Ensemble) else [model]
    model.eval()
    device = next(model.parameters()).device

    def run(classifier, chosen, flip):
        with torch.no_grad():
            return np.concatenate([classifier(torch.from_numpy(np.ascontiguousarray(mirrored(chosen[i:i + batch], flip)[:, None], np.float32)).to(device))[:, 0]
                                   .cpu().numpy() for i in range(0, len(chosen), batch)]) if len(chosen) else np.zeros(0, np.float32)
    result = run(models[0], cubes, "").astype(np.float64)
    looks = [(classifier, flip) for classifier in models for flip in ["", *flips]]
    doubtful = np.flatnonzero(result >= from_logit) if from_logit is not None else np.arange(len(cubes))
    if len(looks) > 1 and len(doubtful):
        result[doubtful] = (result[doubtful] + sum(run(c, cubes[doubtful], f) for c, f in looks[1:])) / len(looks)
    return result


def cube(hu: np.ndarray, spacing: np.ndarray, origin: np.ndarray, center_mm, size: int, step_mm: float, air: float) -> np.ndarray:
    """HU (float32, [z, y, x]) on a cube of `size` voxels `step_mm` apart centred on `center_mm` (patient
    mm), sampled trilinearly from the CT volume `hu` ([z, y, x]; spacing and origin x, y, z); `air` (the
    HU window's lowest value, as Lantern pads) beyond the volume. Lantern cuts the same cube from the detector's grid, which is the CT resampled
    trilinearly to `step_mm`: the two differ by less than a voxel's position, which the classifier is
    trained to ignore by cutting its training cubes with a random shift."""
    offsets = (np.arange(size) - (size - 1) / 2) * step_mm
    axes = [(center_mm[a] + offsets - origin[a]) / spacing[a] for a in range(3)]
    z, y, x = np.meshgrid(axes[2], axes[1], axes[0], indexing="ij")
    return ndimage.map_coordinates(hu, [z, y, x], output=np.float32, order=1, mode="constant", cval=air)
