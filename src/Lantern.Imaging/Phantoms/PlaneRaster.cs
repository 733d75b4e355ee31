namespace Lantern.Imaging.Phantoms;

/// <summary>
/// The pixel centres of one slice in the anatomy's own frame (millimetres; the patient frame shifted
/// by the patient's position on the table): pixel (column, row) lies at
/// (<see cref="X0"/> + column * spacing, <see cref="Y0"/> + row * spacing).
/// </summary>
internal readonly record struct PlaneRaster(int Columns, int Rows, double X0, double Y0, double Spacing)
{
    public int PixelCount => Columns * Rows;

    public double X(int column) => X0 + (column * Spacing);

    public double Y(int row) => Y0 + (row * Spacing);

    /// <summary>Occupancy of a pixel whose centre lies <paramref name="signedDistance"/> from an edge (negative inside): a one-pixel linear ramp.</summary>
    public float Coverage(double signedDistance) => (float)Math.Clamp(0.5 - (signedDistance / Spacing), 0, 1);

    /// <summary>The first column whose centre is at or right of <paramref name="x"/>, clamped to the image.</summary>
    public int FirstColumn(double x) => (int)Math.Clamp(Math.Ceiling((x - X0) / Spacing), 0, Columns);

    /// <summary>One past the last column whose centre is at or left of <paramref name="x"/>, clamped to the image.</summary>
    public int EndColumn(double x) => (int)Math.Clamp(Math.Floor((x - X0) / Spacing) + 1, 0, Columns);

    public int FirstRow(double y) => (int)Math.Clamp(Math.Ceiling((y - Y0) / Spacing), 0, Rows);

    public int EndRow(double y) => (int)Math.Clamp(Math.Floor((y - Y0) / Spacing) + 1, 0, Rows);
}
