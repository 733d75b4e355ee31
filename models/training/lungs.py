"""Lung truth as evaluated: left (1) and right (2) lung, nodules counted in the lung that holds them."""
import numpy as np

SIDES = {"left": 1, "right": 2}


def lung_truth(phantom):
    """[z, y, x] uint8 with 0, 1 (left lung), 2 (right lung)."""
    lungs = phantom.labels.copy()
    for nodule in phantom.nodules:
        centre = (np.array(nodule["centerMm"]) - phantom.origin) / phantom.spacing  # voxel x, y, z
        radius = (nodule["diameterMm"] / 2 + 2) / phantom.spacing
        low = np.maximum(np.floor(centre - radius).astype(int), 0)
        high = np.minimum(np.ceil(centre + radius).astype(int) + 1, np.array(lungs.shape[::-1]))
        box = lungs[low[2]:high[2], low[1]:high[1], low[0]:high[0]]
        box[box == 3] = SIDES[nodule["side"]]
    lungs[lungs == 3] = 0  # a nodule voxel no truth nodule accounts for (none expected)
    return lungs
