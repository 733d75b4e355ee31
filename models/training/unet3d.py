"""A small 3D U-Net, the one architecture both Lantern models use.

BatchNorm (not InstanceNorm) so that ONNX Runtime folds it into the convolutions at inference;
transposed convolutions for upsampling, which export to plain ConvTranspose.
"""
import torch
from torch import nn


class ConvBlock(nn.Sequential):
    def __init__(self, in_channels: int, out_channels: int):
        super().__init__(
            nn.Conv3d(in_channels, out_channels, 3, padding=1, bias=False),
            nn.BatchNorm3d(out_channels),
            nn.LeakyReLU(0.01, inplace=True),
            nn.Conv3d(out_channels, out_channels, 3, padding=1, bias=False),
            nn.BatchNorm3d(out_channels),
            nn.LeakyReLU(0.01, inplace=True),
        )


class UNet3d(nn.Module):
    """Input [N, 1, D, H, W] with D, H, W divisible by 2**(levels-1); output [N, classes, D, H, W] logits."""

    def __init__(self, classes: int, base_channels: int = 8, levels: int = 4):
        super().__init__()
        channels = [base_channels * 2 ** i for i in range(levels)]
        self.encoders = nn.ModuleList()
        previous = 1
        for c in channels:
            self.encoders.append(ConvBlock(previous, c))
            previous = c
        self.pool = nn.MaxPool3d(2)
        self.upsamplers = nn.ModuleList()
        self.decoders = nn.ModuleList()
        for c in reversed(channels[:-1]):
            self.upsamplers.append(nn.ConvTranspose3d(previous, c, 2, stride=2))
            self.decoders.append(ConvBlock(2 * c, c))
            previous = c
        self.head = nn.Conv3d(previous, classes, 1)
        self.levels = levels

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        skips = []
        for i, encoder in enumerate(self.encoders):
            x = encoder(x)
            if i < self.levels - 1:
                skips.append(x)
                x = self.pool(x)
        for upsample, decoder, skip in zip(self.upsamplers, self.decoders, reversed(skips)):
            x = decoder(torch.cat([upsample(x), skip], dim=1))
        return self.head(x)
