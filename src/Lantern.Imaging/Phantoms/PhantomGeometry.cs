namespace Lantern.Imaging.Phantoms;

/// <summary>
/// The image grid in patient LPS millimetres: rows run along +y (posterior), columns along +x
/// (patient left), slice index k lies at <c>OriginZ + k * SliceSpacingMm</c> (feet to head). Every value
/// is already rounded to what the DICOM files state, so that a reader rebuilds exactly this grid.
/// </summary>
public sealed record PhantomGeometry(
    int Columns,
    int Rows,
    int Slices,
    double PixelSpacingMm,
    double SliceThicknessMm,
    double SliceSpacingMm,
    double OriginX,
    double OriginY,
    double OriginZ)
{
    /// <summary>The z of slice <paramref name="index"/>'s plane.</summary>
    public double SliceZ(int index) => OriginZ + (index * SliceSpacingMm);

    /// <summary>The patient x of column <paramref name="column"/>'s pixel centres.</summary>
    public double ColumnX(int column) => OriginX + (column * PixelSpacingMm);

    /// <summary>The patient y of row <paramref name="row"/>'s pixel centres.</summary>
    public double RowY(int row) => OriginY + (row * PixelSpacingMm);
}
