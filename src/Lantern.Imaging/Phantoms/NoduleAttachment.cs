namespace Lantern.Imaging.Phantoms;

/// <summary>Where a nodule sits, as truth.json spells it: isolated, juxta-pleural, juxta-vascular.</summary>
public enum NoduleAttachment
{
    /// <summary>In the parenchyma, away from the pleura and from vessels wider than 2 mm.</summary>
    Isolated,

    /// <summary>Touching the lung boundary (chest wall, mediastinum or diaphragm).</summary>
    JuxtaPleural,

    /// <summary>Touching a pulmonary vessel.</summary>
    JuxtaVascular,
}
