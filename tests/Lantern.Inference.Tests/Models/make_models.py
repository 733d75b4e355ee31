#!/usr/bin/python3
"""Builds the tiny ONNX models the Lantern.Inference tests run, and their expected outputs.

The expected outputs are computed here with numpy, independently of ONNX Runtime, so the tests compare our
ONNX Runtime interop against a second implementation. The .onnx and .bin files are committed; CI needs no
Python. Rerun after changing this script:

    /usr/bin/python3 tests/Lantern.Inference.Tests/Models/make_models.py

Tensors are stored as raw little-endian float32 in row-major order.
"""
import os
import subprocess
import sys


def ensure_packages():
    try:
        import numpy  # noqa: F401
        import onnx  # noqa: F401
    except ImportError:
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "python3-onnx", "python3-numpy"], check=True)


ensure_packages()

import numpy as np  # noqa: E402
import onnx  # noqa: E402
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OPSET = 13


def save(model, name):
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(HERE, name))


def write(array, name):
    array.astype("<f4").tofile(os.path.join(HERE, name))


def conv3d_reference(x, w, b):
    """3-D convolution, stride 1, zero padding 1 (kernel 3): the definition, in float64."""
    n, _, d, h, wd = x.shape
    padded = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (1, 1), (1, 1), (1, 1)))
    out = np.zeros((n, w.shape[0], d, h, wd))
    for kz in range(3):
        for ky in range(3):
            for kx in range(3):
                window = padded[:, :, kz:kz + d, ky:ky + h, kx:kx + wd]
                out += np.einsum("ncdhw,oc->nodhw", window, w[:, :, kz, ky, kx].astype(np.float64))
    return out + b.astype(np.float64)[None, :, None, None, None]


def conv3d():
    """Conv 3x3x3 (1 -> 3 channels) with two outputs: the logits and their sigmoid."""
    rng = np.random.default_rng(20240401)
    w = rng.standard_normal((3, 1, 3, 3, 3)).astype(np.float32) * 0.5
    b = np.array([0.1, -0.2, 0.3], dtype=np.float32)
    shape = [2, 1, 5, 6, 7]
    graph = helper.make_graph(
        [
            helper.make_node("Conv", ["input", "w", "b"], ["logits"], kernel_shape=[3, 3, 3], pads=[1] * 6),
            helper.make_node("Sigmoid", ["logits"], ["probabilities"]),
        ],
        "conv3d",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, shape)],
        [
            helper.make_tensor_value_info("logits", TensorProto.FLOAT, [2, 3, 5, 6, 7]),
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [2, 3, 5, 6, 7]),
        ],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")],
    )
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)]), "conv3d.onnx")

    x = rng.standard_normal(shape).astype(np.float32)
    logits = conv3d_reference(x, w, b)
    write(x, "conv3d.input.bin")
    write(logits, "conv3d.logits.bin")
    write(1 / (1 + np.exp(-logits)), "conv3d.probabilities.bin")


def pointwise(name, input_shape, output_shape):
    """sigmoid(a * x + b) per voxel into 2 channels: translation-equivariant, so tiling cannot change it."""
    w = np.array([1.5, -0.75], dtype=np.float32).reshape(2, 1, 1, 1, 1)
    b = np.array([0.25, 0.5], dtype=np.float32)
    graph = helper.make_graph(
        [
            helper.make_node("Conv", ["image", "w", "b"], ["logits"], kernel_shape=[1, 1, 1]),
            helper.make_node("Sigmoid", ["logits"], ["probabilities"]),
        ],
        name,
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, input_shape)],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, output_shape)],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")],
    )
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)]), name + ".onnx")


def smooth():
    """Conv 3x3x3 (1 -> 2 channels) over any batch and extent: a model whose patch borders show, so tiling
    changes its output and the tests can check the Gaussian blending itself."""
    rng = np.random.default_rng(7)
    w = rng.standard_normal((2, 1, 3, 3, 3)).astype(np.float32) * 0.3
    b = np.array([0.05, -0.1], dtype=np.float32)
    graph = helper.make_graph(
        [helper.make_node("Conv", ["image", "w", "b"], ["logits"], kernel_shape=[3, 3, 3], pads=[1] * 6)],
        "smooth",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["batch", 1, "depth", "height", "width"])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 2, "depth", "height", "width"])],
        [numpy_helper.from_array(w, "w"), numpy_helper.from_array(b, "b")],
    )
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)]), "smooth.onnx")


def cube_mean():
    """The mean of each input cube as its one output, [batch, 1]: a stand-in candidate classifier whose logit is known."""
    graph = helper.make_graph(
        [helper.make_node("ReduceMean", ["image"], ["logit"], axes=[2, 3, 4], keepdims=0)],
        "cube_mean",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["batch", 1, 4, 4, 4])],
        [helper.make_tensor_value_info("logit", TensorProto.FLOAT, ["batch", 1])],
    )
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)]), "cube_mean.onnx")


def cube_corner():
    """The first voxel of each input cube (z, y and x index 0) as its one output, [batch, 1]: a stand-in candidate
    classifier that sees which way its cube is turned."""
    graph = helper.make_graph(
        [
            helper.make_node("Slice", ["image", "starts", "ends", "axes"], ["corner"]),
            helper.make_node("Reshape", ["corner", "shape"], ["logit"]),
        ],
        "cube_corner",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["batch", 1, 4, 4, 4])],
        [helper.make_tensor_value_info("logit", TensorProto.FLOAT, ["batch", 1])],
        [numpy_helper.from_array(np.array(v, np.int64), n) for n, v in
         [("starts", [0, 0, 0]), ("ends", [1, 1, 1]), ("axes", [2, 3, 4]), ("shape", [-1, 1])]],
    )
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)]), "cube_corner.onnx")


def int_input():
    """A model whose input is int64: Lantern runs float models only and must say so."""
    graph = helper.make_graph(
        [helper.make_node("Identity", ["ids"], ["same"])],
        "int_input",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, [4])],
        [helper.make_tensor_value_info("same", TensorProto.INT64, [4])],
    )
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)]), "int_input.onnx")


if __name__ == "__main__":
    conv3d()
    pointwise("pointwise", ["batch", 1, "depth", "height", "width"], ["batch", 2, "depth", "height", "width"])
    pointwise("pointwise_batch2", [2, 1, 4, 5, 6], [2, 2, 4, 5, 6])
    smooth()
    cube_mean()
    cube_corner()
    int_input()
    print("models written to", HERE, file=sys.stderr)
