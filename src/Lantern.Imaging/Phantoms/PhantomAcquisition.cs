namespace Lantern.Imaging.Phantoms;

/// <summary>
/// How the phantom was "scanned": noise deviation in HU, in-plane blur (Gaussian sigma, mm) standing
/// for the reconstruction kernel, the edge enhancement of sharp kernels, the inspiration level (0
/// shallow, 1 deep: lung height and parenchyma density follow it), whether contrast was given, and
/// whether pixels outside the reconstruction circle are padding.
/// </summary>
public sealed record PhantomAcquisition(
    double NoiseHu,
    double BlurMm,
    double EdgeEnhancement,
    double Inspiration,
    double ParenchymaHu,
    bool Contrast,
    bool PaddedOutsideFieldOfView,
    int KilovoltagePeak);
