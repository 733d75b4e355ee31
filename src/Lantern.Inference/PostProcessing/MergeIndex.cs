using Lantern.Imaging.Volumes;

namespace Lantern.Inference.PostProcessing;

/// <summary>
/// The leaders of merged groups, indexed by position so that finding the group a component joins does not
/// compare it with every leader: a noisy map can hold hundreds of thousands of specks. A component joins a
/// leader when their centres are closer than factor × the larger of the two radii. Leaders reaching at most half
/// a cell (factor × radius ≤ <see cref="CellMm"/> / 2) sit in a hash grid of cells, so that a small component
/// reads only the 2 × 2 × 2 cells around it; the few larger leaders sit in a list read whole.
/// </summary>
internal sealed class MergeIndex(double factor)
{
    /// <summary>A cell's edge: twice the reach of specks up to 4 mm across at factor 1, the bulk of a noisy map.</summary>
    private const double CellMm = 4;

    private readonly List<(Vector3D Centre, double Radius)> _leaders = [];
    private readonly List<int> _large = [];
    private readonly Dictionary<long, List<int>> _cells = [];

    /// <summary>The first leader (lowest index) that a component of this centre and radius joins, or −1.</summary>
    public int Find(Vector3D centre, double radius)
    {
        var first = int.MaxValue;
        foreach (var leader in _large)
        {
            if (Joins(leader, centre, radius))
            {
                first = leader;
                break;
            }
        }

        var reach = Math.Max(CellMm / 2, factor * radius);
        var (x0, y0, z0) = Cell(centre - new Vector3D(reach, reach, reach));
        var (x1, y1, z1) = Cell(centre + new Vector3D(reach, reach, reach));
        for (var z = z0; z <= z1; z++)
        {
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    if (!_cells.TryGetValue(Key(x, y, z), out var leaders))
                    {
                        continue;
                    }

                    foreach (var leader in leaders)
                    {
                        if (leader < first && Joins(leader, centre, radius))
                        {
                            first = leader;
                        }
                    }
                }
            }
        }

        return first == int.MaxValue ? -1 : first;
    }

    /// <summary>Adds a leader; its index is the number of leaders before it.</summary>
    public int Add(Vector3D centre, double radius)
    {
        var index = _leaders.Count;
        _leaders.Add((centre, radius));
        if (factor * radius > CellMm / 2)
        {
            _large.Add(index);
        }
        else
        {
            var (x, y, z) = Cell(centre);
            var cell = Key(x, y, z);
            if (!_cells.TryGetValue(cell, out var leaders))
            {
                _cells[cell] = leaders = [];
            }

            leaders.Add(index);
        }

        return index;
    }

    private bool Joins(int leader, Vector3D centre, double radius)
    {
        var (leaderCentre, leaderRadius) = _leaders[leader];
        return (centre - leaderCentre).Length < factor * Math.Max(radius, leaderRadius);
    }

    /// <summary>A cell's three indices in one number, 21 bits each: unique for cells within ±8 km.</summary>
    private static long Key(int x, int y, int z) => ((long)(x & 0x1FFFFF) << 42) | ((long)(y & 0x1FFFFF) << 21) | (long)(z & 0x1FFFFF);

    private static (int X, int Y, int Z) Cell(Vector3D position) =>
        ((int)Math.Floor(position.X / CellMm), (int)Math.Floor(position.Y / CellMm), (int)Math.Floor(position.Z / CellMm));
}
