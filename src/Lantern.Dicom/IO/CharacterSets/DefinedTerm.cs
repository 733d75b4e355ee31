namespace Lantern.Dicom.IO.CharacterSets;

/// <summary>
/// A defined term of Specific Character Set (0008,0005): how it encodes and which graphic sets it
/// brings into G0 and G1. A term may name only one of them (ISO 2022 IR 87 only G0, ISO 2022 IR 149
/// only G1); stand-alone terms (UTF-8, GB18030, GBK) name neither.
/// </summary>
internal sealed record DefinedTerm(string Name, CharacterSetKind Kind, GraphicSet? G0, GraphicSet? G1);
