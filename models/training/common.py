"""What both trainings share: normalisation, the loss, the training loop, export and the manifest."""
import json
import math
import random
import signal
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

MODELS = Path(__file__).resolve().parents[1]
OPSET = 17


def normalize(hu, window):
    """Clip to the HU window and scale to [0, 1]: the manifest's "window" normalisation."""
    low, high = window
    return (np.clip(hu, low, high) - low) / (high - low)


def dice_ce_loss(logits, target, classes, class_weights=None, patch_dice=False):
    """Cross-entropy (optionally class-weighted, for rare foregrounds) plus soft Dice over the
    foreground classes (target: class indices). The Dice is the batch's as one volume, or with
    `patch_dice` the mean of each patch's over the patches holding the class: then a nodule of a few
    voxels counts as much as one of thousands, as it does for a reader (patches without the class are
    left to the cross-entropy)."""
    ce = F.cross_entropy(logits, target, weight=class_weights)
    probabilities = logits.softmax(1)
    one_hot = F.one_hot(target, classes).permute(0, 4, 1, 2, 3).float()
    dims = (2, 3, 4) if patch_dice else (0, 2, 3, 4)
    intersection = (probabilities * one_hot).sum(dims)
    truth = one_hot.sum(dims)
    dice = (2 * intersection + 1) / (probabilities.sum(dims) + truth + 1)
    if not patch_dice:
        return ce + (1 - dice[1:].mean())
    present = (truth[:, 1:] > 0).float()
    return ce + ((1 - dice[:, 1:]) * present).sum() / present.sum().clamp(min=1)


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def train(model, batches, steps, learning_rate, classes, log_every=50, validate=None, class_weights=None, checkpoints=None,
          patch_dice=False):
    """Adam with a cosine schedule; `batches` yields (input [N,1,D,H,W], target [N,D,H,W]) tensors.
    `validate(model) -> float` (higher is better) picks the checkpoint kept, the starting weights
    (step 0) included: a fine-tuning run that only makes the model worse gives it back unchanged.
    SIGINT or SIGTERM ends training after the current step, validated, so that a long CPU run can be
    cut short and still exported. `checkpoints`, a folder, keeps the weights at every validation
    (step-N.pt), for choosing among them by a costlier measure than `validate`. `patch_dice`: see
    dice_ce_loss. Returns the best validation score, the step it was reached at and the steps done."""
    optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate, weight_decay=1e-5)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: 0.5 * (1 + math.cos(math.pi * s / steps)))
    def scored():
        model.eval()
        with torch.no_grad():
            return validate(model), {k: v.clone() for k, v in model.state_dict().items()}

    best, best_step, best_state, started, running = -1.0, 0, None, time.time(), 0.0
    if validate is not None:
        best, best_state = scored()
        print(f"step 0/{steps} validation {best:.4f}", flush=True)
    if checkpoints is not None:
        Path(checkpoints).mkdir(parents=True, exist_ok=True)
    stop = []
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: stop.append(True))
    step = 0
    while step < steps and not stop:
        step += 1
        model.train()
        x, y = next(batches)
        loss = dice_ce_loss(model(x), y, classes, class_weights, patch_dice)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        schedule.step()
        running += loss.item()
        if step % log_every == 0 or step == steps or stop:
            message = f"step {step}/{steps} loss {running / (step % log_every or log_every):.4f} {time.time() - started:.0f} s"
            running = 0.0
            if validate is not None:
                score, state = scored()
                message += f" validation {score:.4f}"
                if checkpoints is not None:
                    torch.save(state, Path(checkpoints) / f"step-{step}.pt")
                if score > best:
                    best, best_step, best_state = score, step, state
            print(message, flush=True)
    if best_state is not None:
        model.load_state_dict(best_state)
    model.eval()
    return best, best_step, step


def manifest(name, version, labels, spacing, patch_size_zyx, window, thresholds, batch_size, training):
    """The manifest.json fields Lantern reads (models/MANIFEST.md); vectors in x, y, z order."""
    z, y, x = patch_size_zyx
    return {
        "name": name,
        "version": version,
        "model": "model.onnx",
        "opset": OPSET,
        "input": {"name": "image", "layout": "NCDHW"},
        "output": {"name": "logits", "activation": "softmax"},
        "spacingMm": [spacing] * 3,
        "patchSize": [x, y, z],
        "overlap": 0.25,
        "intensity": {"window": window, "normalization": "window"},
        "labels": labels,
        "thresholds": thresholds,
        "batchSize": batch_size,
        "training": training,
    }


def export(model, name, patch_size_zyx, manifest):
    """Writes models/<name>/model.onnx (dynamic batch; free spatial axes too where the manifest has patchMultiple),
    model.pt and manifest.json."""
    folder = MODELS / name
    folder.mkdir(parents=True, exist_ok=True)
    dummy = torch.zeros((1, 1, *patch_size_zyx))
    free = {0: "batch", **({2: "depth", 3: "height", 4: "width"} if "patchMultiple" in manifest else {})}
    torch.onnx.export(model, dummy, folder / "model.onnx", opset_version=OPSET, input_names=["image"],
                      output_names=["logits"], dynamic_axes={"image": free, "logits": free})
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    # The PyTorch weights too: the reference pipeline (reference_analyze.py) runs the model as trained.
    torch.save(model.state_dict(), folder / "model.pt")
    return folder
