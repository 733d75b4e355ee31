"""Narrows a trained UNet3d to fewer channels, as a starting point for training a cheaper model: a
finer grid costs more voxels, and the network's width is what the inference time budget can give
back. Each convolution keeps the output channels with the largest BatchNorm scale (a transposed
convolution: the largest weights); the inputs follow what the layer before kept, skip connections
included. The narrowed network must be trained again (`train_nodule.py --init`): it starts far
below the wide one.

    /usr/bin/python3 models/training/prune.py WIDE.pt NARROW.pt --channels 6 [--from-channels 8]
"""
import argparse

import torch

from unet3d import UNet3d


def strongest(scores, count):
    """Indices of the `count` largest scores, in their original order."""
    return torch.sort(torch.argsort(scores, descending=True)[:count]).values


def narrow_conv(conv, norm, narrow, narrow_norm, inputs):
    """Copies the kept part of a convolution followed by BatchNorm; returns the output channels kept."""
    outputs = strongest(norm.weight.abs(), narrow.out_channels)
    narrow.weight.data = conv.weight.data[outputs][:, inputs].clone()
    for name in ("weight", "bias", "running_mean", "running_var"):
        getattr(narrow_norm, name).data = getattr(norm, name).data[outputs].clone()
    return outputs


def narrow_block(block, narrow, inputs):
    middle = narrow_conv(block[0], block[1], narrow[0], narrow[1], inputs)
    return narrow_conv(block[3], block[4], narrow[3], narrow[4], middle)


def prune(wide, narrow):
    kept, skips = torch.tensor([0]), []
    for encoder, narrow_encoder in zip(wide.encoders, narrow.encoders):
        kept = narrow_block(encoder, narrow_encoder, kept)
        skips.append((kept, encoder[4].num_features))
    skips.pop()  # the deepest level has no skip connection
    for upsample, narrow_upsample, decoder, narrow_decoder in zip(wide.upsamplers, narrow.upsamplers, wide.decoders, narrow.decoders):
        upsampled = strongest(upsample.weight.data.abs().sum((0, 2, 3, 4)), narrow_upsample.out_channels)
        narrow_upsample.weight.data = upsample.weight.data[kept][:, upsampled].clone()
        narrow_upsample.bias.data = upsample.bias.data[upsampled].clone()
        skip, skip_width = skips.pop()
        # The decoder sees torch.cat([upsampled, skip]): the skip's channels come after the upsampled ones.
        kept = narrow_block(decoder, narrow_decoder, torch.cat([upsampled, skip_width + skip]))
    narrow.head.weight.data = wide.head.weight.data[:, kept].clone()
    narrow.head.bias.data = wide.head.bias.data.clone()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("wide")
    parser.add_argument("narrow")
    parser.add_argument("--channels", type=int, required=True, help="the narrow network's base channels")
    parser.add_argument("--from-channels", type=int, default=8, help="the wide network's base channels")
    parser.add_argument("--classes", type=int, default=2)
    args = parser.parse_args()
    wide = UNet3d(args.classes, args.from_channels)
    wide.load_state_dict(torch.load(args.wide))
    narrow = UNet3d(args.classes, args.channels)
    prune(wide, narrow)
    torch.save(narrow.state_dict(), args.narrow)
    print(f"{args.narrow}: {sum(p.numel() for p in narrow.parameters())} parameters")


if __name__ == "__main__":
    main()
