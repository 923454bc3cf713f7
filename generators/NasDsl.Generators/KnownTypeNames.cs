namespace NasDsl.Generators;

/// <summary>Metadata names of the runtime types the generator looks for; one test keeps them equal to
/// <c>typeof(…).FullName</c>.</summary>
internal static class KnownTypeNames
{
    public const string SearchSpaceAttribute = "NasDsl.SearchSpaceAttribute";
    public const string CellAttribute = "NasDsl.CellAttribute";
    public const string InputAttribute = "NasDsl.InputAttribute";
    public const string OutputAttribute = "NasDsl.OutputAttribute";
    public const string EdgeAttribute = "NasDsl.EdgeAttribute";
    public const string RepeatAttribute = "NasDsl.RepeatAttribute";
    public const string OpSetAttribute = "NasDsl.OpSetAttribute";
    public const string UnaryPrimitiveAttribute = "NasDsl.UnaryPrimitiveAttribute";
    public const string BinaryPrimitiveAttribute = "NasDsl.BinaryPrimitiveAttribute";
    public const string Node = "NasDsl.Node";
    public const string PrimitiveContext = "NasDsl.PrimitiveContext";
    public const string Primitive = "NasDsl.Primitive";
    public const string BinaryPrimitive = "NasDsl.BinaryPrimitive";
    public const string SearchSpaceBaselines = "NasDsl.ISearchSpaceBaselines`1";
    public const string Tensor = "TorchSharp.torch+Tensor";
    public const string UnaryModule = "TorchSharp.torch+nn+Module`2";
    public const string BinaryModule = "TorchSharp.torch+nn+Module`3";
}
