namespace Lantern.Imaging.Phantoms;

/// <summary>A rectangle of pixels: rows [RowStart, RowEnd), columns [ColumnStart, ColumnEnd).</summary>
internal readonly record struct PixelWindow(int RowStart, int RowEnd, int ColumnStart, int ColumnEnd)
{
    public bool IsEmpty => RowStart >= RowEnd || ColumnStart >= ColumnEnd;

    /// <summary>The pixels whose centres lie in [xLow, xHigh] × [yLow, yHigh].</summary>
    public static PixelWindow Around(in PlaneRaster raster, double xLow, double xHigh, double yLow, double yHigh) =>
        new(raster.FirstRow(yLow), raster.EndRow(yHigh), raster.FirstColumn(xLow), raster.EndColumn(xHigh));
}
