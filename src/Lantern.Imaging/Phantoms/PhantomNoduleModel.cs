namespace Lantern.Imaging.Phantoms;

/// <summary>A placed nodule: its truth record (patient frame) and the shapes that draw it (anatomy frame).</summary>
internal sealed class PhantomNoduleModel
{
    public PhantomNoduleModel(PhantomNodule truth, NoduleShape shape, NoduleShape? core, float hu, float coreHu)
    {
        Truth = truth;
        Shape = shape;
        Core = core;
        Hu = hu;
        CoreHu = coreHu;
    }

    public PhantomNodule Truth { get; }

    public NoduleShape Shape { get; }

    /// <summary>The solid core of a part-solid nodule.</summary>
    public NoduleShape? Core { get; }

    public float Hu { get; }

    public float CoreHu { get; }

    /// <summary>Ground glass raises what is below it (vessels stay visible through it); solid tissue covers it.</summary>
    public BlendMode Mode => Truth.Type == NoduleType.Solid ? BlendMode.Cover : BlendMode.Raise;
}
