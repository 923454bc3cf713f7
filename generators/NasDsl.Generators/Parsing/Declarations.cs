using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using NasDsl.Generators.Model;

namespace NasDsl.Generators.Parsing;

// What parsing reads from a [Cell] or [SearchSpace] class: immutable records with the locations diagnostics point at and
// every edge's operation already resolved from its symbols. They never leave the transform: the validator checks them,
// CellModelBuilder turns them into the emitted model.

/// <summary>A cell or search space as written.</summary>
/// <param name="HasReadErrors">Reading it reported errors (NAS014, NAS017): the graph checks would only pile onto them.</param>
internal sealed record CellDeclaration(
    TypeLocation Type,
    bool IsSearchSpace,
    bool ShareWeights,
    Location TypeLocation,
    ImmutableArray<NodeDeclaration> Nodes,
    bool HasReadErrors)
{
    public string Name => Type.Name;
}

/// <summary>A node property as written.</summary>
/// <param name="IsImplemented">False when the property is not a getter-only instance partial definition of type Node or a
/// cell: the generator does not implement it, so its NAS014 is not followed by errors in generated code.</param>
/// <param name="HasPropertyError">NAS014 was reported for the node; checks that would only repeat it (NAS009) leave it alone.</param>
internal sealed record NodeDeclaration(
    string Name,
    Location? Location,
    NodeKindModel Kind,
    bool IsInput,
    ImmutableArray<Location?> OutputLocations,
    string Accessibility,
    string TypeFullName,
    bool IsImplemented,
    bool HasPropertyError,
    ImmutableArray<EdgeDeclaration> Edges,
    RepeatDeclaration? Repeat = null)
{
    public bool IsOutput => OutputLocations.Length > 0;
}

/// <summary>A [Repeat(count)] on a node, with the attribute's location and its count argument's.</summary>
internal sealed record RepeatDeclaration(int Count, Location? Location, Location? CountLocation);

/// <summary>A source of an edge and the argument that names it.</summary>
internal sealed record EdgeSource(string Name, Location? Location);

/// <summary>An [Edge] as written, with its operation resolved.</summary>
internal sealed record EdgeDeclaration(ImmutableArray<EdgeSource> Sources, Location? Location, ResolvedOperation Operation);

/// <summary>Why the operation of an edge cannot be used; each maps to one descriptor.</summary>
internal enum OperationProblem
{
    None,
    NeitherOpNorOps,
    BothOpAndOps,
    PlacementWithOperation,
    OpsIsNotAnOpSet,
    OpIsAnOpSet,
    OpIsNotAModule,
    OpIsNotConcrete,
    OpHasNoUsableConstructor,
    ArgsMatchNoConstructor,
    ArgsWithoutFixedOp,
}

/// <summary>What an edge applies, read once from its symbols.</summary>
/// <param name="Kind">Mixed (an op set), Fixed (a module) or Cell (a placement).</param>
/// <param name="Name">Simple name of the op set, module or cell.</param>
/// <param name="FullName">Its global:: name.</param>
/// <param name="Arity">Inputs the operation takes; null when unknown (its own diagnostics say why).</param>
/// <param name="Location">The argument that names the operation (Op, Ops), else the attribute.</param>
/// <param name="Problem">Why it is unusable as written.</param>
/// <param name="IsGenerated">The op set or cell is generated in full, so generated code may refer to its members.</param>
/// <param name="IsEmitted">The op set or cell has generated members at all (a cell with NAS errors has its public
/// surface), so an invalid container's surface may still name its genotype.</param>
/// <param name="TakesContext">A fixed module's constructor takes a PrimitiveContext.</param>
/// <param name="ShareWeights">A placed cell shares its architecture weights.</param>
/// <param name="ContainmentPath">For a placed cell that contains the cell placing it: the chain of cells, else empty.</param>
/// <param name="ConflictingArgument">For a placement given Op or Ops: which one to remove.</param>
/// <param name="ConstructorArguments">A fixed module's constructor arguments after the context, as C# literals.</param>
/// <param name="Detail">For NAS018: the Args' types and the constructors on offer.</param>
internal sealed record ResolvedOperation(
    EdgeKindModel Kind,
    string Name,
    string FullName,
    int? Arity,
    Location? Location,
    OperationProblem Problem = OperationProblem.None,
    bool IsGenerated = true,
    bool IsEmitted = true,
    bool TakesContext = false,
    bool ShareWeights = false,
    ImmutableArray<string> ContainmentPath = default,
    string ConflictingArgument = "",
    ImmutableArray<string> ConstructorArguments = default,
    ImmutableArray<string> Detail = default)
{
    public static ResolvedOperation Invalid(OperationProblem problem, Location? location, string name = "") =>
        new(EdgeKindModel.Fixed, name, string.Empty, null, location, problem);
}
