namespace NasDsl;

/// <summary>
/// Marks a partial class as a top-level search space: a graph of <see cref="InputAttribute"/> and
/// <see cref="EdgeAttribute"/> nodes that the NasDsl generator turns into a supernet, a typed genotype,
/// a discrete-network factory and a formula printer.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SearchSpaceAttribute : Attribute;

/// <summary>
/// Marks a partial class as a cell: a graph that search spaces and other cells place as a node.
/// Each placement is a scope with architecture weights of its own, unless <see cref="ShareWeights"/> is set.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CellAttribute : Attribute
{
    /// <summary>When true, every placement of this cell shares one set of architecture weights
    /// (DARTS normal/reduction cells). Default false: one set per placement.</summary>
    public bool ShareWeights { get; set; }
}

/// <summary>Marks a <c>partial Node</c> property as an input of its cell, in declaration order.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class InputAttribute : Attribute;

/// <summary>Marks the node whose value the cell returns. A cell has exactly one.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class OutputAttribute : Attribute;

/// <summary>
/// An incoming edge of the node it decorates. One source applies a unary operation, two a binary one;
/// several <c>[Edge]</c> attributes on one node sum their results (a DARTS intermediate node).
/// </summary>
/// <remarks>
/// <see cref="Ops"/> names an <see cref="OpSetAttribute"/> class and makes the edge searchable (a mixed
/// operation); <see cref="Op"/> names a fixed module (a TorchSharp <c>Module&lt;Tensor, Tensor&gt;</c>, or a
/// primitive, with a <see cref="PrimitiveContext"/> or parameterless constructor). An edge with neither
/// onto a property typed as a <see cref="CellAttribute"/> class places that cell.
/// </remarks>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
public sealed class EdgeAttribute(params string[] sources) : Attribute
{
    /// <summary>The source nodes, by <c>nameof</c>, in the order the operation receives them.</summary>
    public string[] Sources { get; } = sources;

    /// <summary>A fixed operation for this edge.</summary>
    public Type? Op { get; set; }

    /// <summary>Constructor arguments of <see cref="Op"/>, after its optional leading <see cref="PrimitiveContext"/>,
    /// e.g. <c>Op = typeof(ConvBn), Args = [2, 1]</c>. The generator checks them against a constructor at compile time
    /// (NAS018) and emits a direct call of it.</summary>
    public object[]? Args { get; set; }

    /// <summary>An op set whose operations this edge searches over.</summary>
    public Type? Ops { get; set; }
}

/// <summary>
/// Places the cell of the decorated placement <paramref name="count"/> times in sequence: the first repetition reads
/// the placement's source, each later one the output of the one before (so the cell takes one input). Repetition
/// <c>i</c> has the scope path <c>Name.i</c> and a genotype property <c>Name_i</c>; a cell that shares its weights has
/// one genotype property for all repetitions.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class RepeatAttribute(int count) : Attribute
{
    /// <summary>How many times the cell is placed (at least 1).</summary>
    public int Count { get; } = count;
}

/// <summary>
/// Marks a static partial class whose <see cref="UnaryPrimitiveAttribute"/> or
/// <see cref="BinaryPrimitiveAttribute"/> members form the candidates of a mixed edge.
/// Nested primitive classes and static methods both count, in declaration order.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class OpSetAttribute : Attribute;

/// <summary>Common settings of the primitive attributes.</summary>
public abstract class PrimitiveAttribute : Attribute
{
    /// <summary>How the operation prints in formulas: <c>{0}</c> (and <c>{1}</c>) stand for the operands,
    /// e.g. <c>"-{0}"</c>, <c>"{0} + {1}"</c>. Default: the lower-cased name applied to its operands,
    /// e.g. <c>sin({0})</c>.</summary>
    public string? Symbol { get; set; }

    /// <summary>The operation always returns zeros. Mixed operations skip computing it; its architecture
    /// weight still learns through the softmax, and discretisation can exclude it (DARTS' <c>none</c>).</summary>
    public bool IsZero { get; set; }

    /// <summary>
    /// Names (with <c>nameof</c>) a static method of the op set that computes the operation's value and derivative
    /// elementwise over float32 spans, for static-method primitives: <c>void M(ReadOnlySpan&lt;float&gt; x,
    /// Span&lt;float&gt; value, Span&lt;float&gt; derivative)</c> for unary ones, <c>void M(ReadOnlySpan&lt;float&gt; a,
    /// ReadOnlySpan&lt;float&gt; b, Span&lt;float&gt; value, Span&lt;float&gt; derivativeA, Span&lt;float&gt; derivativeB)</c>
    /// (both partials) for binary ones. It must equal the primitive, guard included, and pass an empty span where a
    /// derivative is not wanted. Mixed edges whose candidates all declare one run fused on CPU: one pass over the
    /// input computes every candidate and its derivative instead of one libtorch call and autograd node each.
    /// </summary>
    /// <summary>
    /// How <c>export --to pytorch</c> writes the operation: a Python expression over torch, with <c>{0}</c> (and
    /// <c>{1}</c>) for the operands, e.g. <c>"torch.sin({0})"</c>. It must compute exactly what the primitive computes
    /// in a network, <c>OperationGuard</c>'s clamps included, e.g.
    /// <c>"torch.exp(torch.clamp({0}, max=5.0))"</c>. A parametric primitive writes its learned per-channel value as
    /// <c>{β}</c>, e.g. <c>"{0} * {β}"</c>; the export fills in the retrained values.
    /// </summary>
    public string? PyTorch { get; set; }

    /// <summary>
    /// How <c>export --to csharp</c> writes the operation: a C# expression over TorchSharp (with <c>using static
    /// TorchSharp.torch;</c>), with <c>{0}</c> (and <c>{1}</c>) for the operands and <c>{β}</c> for a learned
    /// per-channel value, e.g. <c>"{0}.sin()"</c>, <c>"{0}.clamp_max(5.0).exp()"</c>. It must compute exactly what the
    /// primitive computes, guard included.
    /// </summary>
    public string? TorchSharp { get; set; }

    /// <summary>
    /// How <c>export --to latex</c> writes the operation: LaTeX math with <c>{0}</c> (and <c>{1}</c>) for the operands,
    /// e.g. <c>@"\sin\left({0}\right)"</c>. It should have the operator structure of <see cref="Symbol"/>, which decides
    /// where operands need parentheses.
    /// </summary>
    public string? Latex { get; set; }

    /// <remarks>Value and derivative come from one method because they share work (eˣ is its own derivative,
    /// σ′ = σ(1 − σ)) and because a guarded operation's derivative is not another operation (it is 0 where the guard
    /// clamps).</remarks>
    public string? Derivative { get; set; }
}

/// <summary>A one-input operation: a static <c>Tensor M(Tensor x)</c> method of an op set, or a class
/// deriving from <see cref="Primitive"/>.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, Inherited = false)]
public sealed class UnaryPrimitiveAttribute : PrimitiveAttribute;

/// <summary>A two-input operation: a static <c>Tensor M(Tensor a, Tensor b)</c> method of an op set, or a
/// class deriving from <see cref="BinaryPrimitive"/>.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, Inherited = false)]
public sealed class BinaryPrimitiveAttribute : PrimitiveAttribute;
