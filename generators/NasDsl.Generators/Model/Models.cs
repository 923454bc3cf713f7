using System.Linq;
using NasDsl.Generators.Diagnostics;
using NasDsl.Generators.Helpers;

namespace NasDsl.Generators.Model;

/// <summary>A containing type of a generated partial, e.g. <c>partial class Outer</c>.</summary>
internal sealed record ContainingType(string Keyword, string Name);

/// <summary>Where a generated partial goes: namespace (empty for the global one) and containing types.</summary>
internal sealed record TypeLocation(string Namespace, EquatableArray<ContainingType> ContainingTypes, string Name, string FullName)
{
    public string HintName => (Namespace.Length == 0 ? "" : Namespace + ".")
        + string.Concat(System.Linq.Enumerable.Select(ContainingTypes, t => t.Name + ".")) + Name + ".g.cs";
}

/// <summary>One operation of an op set.</summary>
/// <param name="Name">Member name.</param>
/// <param name="Symbol">Formula template.</param>
/// <param name="IsZero">Always returns zeros.</param>
/// <param name="ClassFullName">Global name of a primitive class; null for a static method.</param>
/// <param name="TakesContext">The class constructor takes a PrimitiveContext.</param>
/// <param name="Derivative">The op set's value-and-derivative method, if declared.</param>
internal sealed record PrimitiveModel(string Name, string Symbol, bool IsZero, string? ClassFullName, bool TakesContext, string? Derivative = null)
{
    /// <summary>The export templates the attribute declares (PyTorch, TorchSharp, LaTeX), null where not declared.</summary>
    public ExportTemplates Templates { get; init; } = ExportTemplates.None;
}

/// <summary>How an operation is written in exported code and formulas; each null when the attribute does not declare it.</summary>
internal sealed record ExportTemplates(string? PyTorch, string? TorchSharp, string? Latex)
{
    public static ExportTemplates None { get; } = new(null, null, null);
}

/// <summary>An op set, ready to emit.</summary>
internal sealed record OpSetModel(TypeLocation Type, int Arity, EquatableArray<PrimitiveModel> Operations);

internal enum EdgeKindModel
{
    Mixed,
    Fixed,
    Cell,
}

/// <summary>One edge of a cell.</summary>
/// <param name="Name">Unique within the cell: the target, or TargetFromSources when a node has several edges.</param>
/// <param name="Target">The node it feeds.</param>
/// <param name="Sources">Source nodes in operand order.</param>
/// <param name="Kind">What it computes.</param>
/// <param name="OperationFullName">Global name of the op set, module or cell type.</param>
/// <param name="OperationName">Simple name of that type.</param>
/// <param name="TakesContext">A fixed module's constructor takes a PrimitiveContext.</param>
/// <param name="ShareWeights">A placed cell shares its architecture weights.</param>
/// <param name="ConstructorArguments">A fixed module's constructor arguments after the context, as C# literals.</param>
/// <param name="Repeat">How many times a cell edge places its cell in sequence.</param>
internal sealed record EdgeModel(
    string Name,
    string Target,
    EquatableArray<string> Sources,
    EdgeKindModel Kind,
    string OperationFullName,
    string OperationName,
    bool TakesContext,
    bool ShareWeights,
    EquatableArray<string> ConstructorArguments,
    int Repeat)
{
    /// <summary>Each placement of a cell edge in order (one unless repeated); a single placement for other edges.</summary>
    public EquatableArray<Placement> Placements { get; } = Repeat <= 1
        ? new[] { new Placement(Name, Name, Name) }.ToEquatableArray()
        : System.Linq.Enumerable.Range(0, Repeat)
            .Select(i => new Placement($"{Name}_{i}", $"{Name}.{i}", ShareWeights ? Name : $"{Name}_{i}"))
            .ToEquatableArray();
}

/// <summary>One placement of a cell by an edge.</summary>
/// <param name="Identifier">Names its field, local and registered module: the edge's name, or <c>Name_i</c> when repeated.</param>
/// <param name="Path">Its scope path segment: the edge's name, or <c>Name.i</c> when repeated.</param>
/// <param name="GenotypeProperty">The genotype property it reads: one per repetition, or one for all when the cell shares weights.</param>
internal sealed record Placement(string Identifier, string Path, string GenotypeProperty);

internal enum NodeKindModel
{
    Input,
    Operation,
    Cell,
}

/// <summary>A node property of a cell; a repeated placement's property views its first repetition (<c>Name.0</c>).</summary>
internal sealed record NodeModel(string Name, NodeKindModel Kind, string Accessibility, string TypeFullName, string ViewPath);

/// <summary>A cell or search space. When <see cref="IsValid"/> is false only its public surface is emitted (node
/// properties, a genotype of the <see cref="Edges"/> that resolved, members that throw), so the user sees the NAS
/// diagnostics and not follow-on compiler errors.</summary>
/// <param name="AliasesTensor">The file names TorchSharp's tensor <c>Tensor</c> through an alias; false where the cell's
/// scope has something of that name, so the full name is used.</param>
/// <param name="HasSurface">Whether the public surface is emitted: always for a valid cell, and for an invalid one unless
/// a member of its own has a generated member's name (NAS017); then only the node properties are.</param>
/// <param name="DeclaresBaselines">The space implements <c>ISearchSpaceBaselines</c>, so its definition carries them.</param>
internal sealed record CellModel(
    TypeLocation Type,
    bool IsSearchSpace,
    bool ShareWeights,
    bool IsValid,
    EquatableArray<NodeModel> Nodes,
    EquatableArray<string> Inputs,
    string Output,
    EquatableArray<string> TopologicalOrder,
    EquatableArray<EdgeModel> Edges,
    bool AliasesTensor,
    bool HasSurface,
    bool DeclaresBaselines);

/// <summary>What a transform returns: a model to emit (or none) and diagnostics to report.</summary>
internal sealed record ParseResult<T>(T? Model, EquatableArray<DiagnosticInfo> Diagnostics) where T : class;

/// <summary>One file to emit: an op set or a cell, under a hint name no other file of this run uses.</summary>
internal sealed record GeneratedFile(string HintName, OpSetModel? OpSet, CellModel? Cell);
