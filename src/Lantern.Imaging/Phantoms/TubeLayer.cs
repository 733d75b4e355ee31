namespace Lantern.Imaging.Phantoms;

/// <summary>
/// One painting pass over a tube set: the radius becomes <c>radius * RadiusFactor + RadiusOffset</c>.
/// Walls are painted as an outer pass over every segment before the lumen pass, so that a joint
/// never paints wall across a neighbour's lumen.
/// </summary>
internal readonly record struct TubeLayer(double RadiusFactor, double RadiusOffset, float Hu, BlendMode Mode = BlendMode.Cover)
{
    public double Radius(double radius) => (radius * RadiusFactor) + RadiusOffset;
}
