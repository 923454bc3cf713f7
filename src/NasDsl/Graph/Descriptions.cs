using static TorchSharp.torch;

namespace NasDsl;

/// <summary>Options a network is built with.</summary>
/// <param name="InputShape">Per-sample input shape, e.g. <c>[1, 28, 28]</c> (Fashion-MNIST) or <c>[3, 32, 32]</c> (CIFAR-10).</param>
/// <param name="Classes">Number of classes the network predicts.</param>
/// <param name="Device">Device to build on; CPU when null.</param>
public sealed record SpaceOptions(long[] InputShape, int Classes, Device? Device = null)
{
    /// <summary>The device to build on.</summary>
    public Device ResolvedDevice => Device ?? CPU;
}

/// <summary>How a node gets its value.</summary>
public enum NodeKind
{
    /// <summary>An <see cref="InputAttribute"/> node.</summary>
    Input,
    /// <summary>A node computed by one or more edges.</summary>
    Operation,
    /// <summary>A nested cell placement (a scope).</summary>
    Cell,
}

/// <summary>What an edge computes.</summary>
public enum EdgeKind
{
    /// <summary>A searchable mixed operation over an op set.</summary>
    Mixed,
    /// <summary>A fixed module.</summary>
    Fixed,
    /// <summary>A nested cell placement.</summary>
    Cell,
}

/// <summary>A node of a cell, as its generated property returns it.</summary>
/// <param name="Name">The property name, e.g. <c>U1</c>.</param>
/// <param name="Path">Scope path from the search space, e.g. <c>Act.U1</c>.</param>
/// <param name="Kind">How the node gets its value.</param>
public sealed record Node(string Name, string Path, NodeKind Kind)
{
    /// <inheritdoc />
    public override string ToString() => Path;
}

/// <summary>An edge of a cell's graph.</summary>
/// <param name="Name">The edge's name within the cell: its target, or <c>TargetFromSource</c> when a node has several edges.</param>
/// <param name="Target">The node the edge feeds.</param>
/// <param name="Sources">Source nodes, in operand order.</param>
/// <param name="Kind">Mixed, fixed or cell.</param>
/// <param name="Operation">The op set, module type or cell type name.</param>
/// <param name="Repeat">How many times a cell edge places its cell in sequence (<see cref="RepeatAttribute"/>).</param>
public sealed record EdgeDescription(string Name, string Target, IReadOnlyList<string> Sources, EdgeKind Kind, string Operation, int Repeat = 1);

/// <summary>The graph of a cell or search space, registered at compile time.</summary>
/// <param name="Name">The class name.</param>
/// <param name="IsSearchSpace">True for <see cref="SearchSpaceAttribute"/> classes.</param>
/// <param name="ShareWeights">True when all placements share architecture weights.</param>
/// <param name="Inputs">Input nodes, in declaration order.</param>
/// <param name="Output">The output node.</param>
/// <param name="Nodes">All nodes in topological order (declaration order breaks ties).</param>
/// <param name="Edges">All edges in topological order of their targets.</param>
public sealed record CellDescription(
    string Name,
    bool IsSearchSpace,
    bool ShareWeights,
    IReadOnlyList<string> Inputs,
    string Output,
    IReadOnlyList<string> Nodes,
    IReadOnlyList<EdgeDescription> Edges);

/// <summary>
/// One vector of architecture weights: a mixed edge in a scope. The notebook's OPTIMIZER_SCOPE entries,
/// flattened to edges and known at compile time.
/// </summary>
/// <param name="Path">Scope path and edge, e.g. <c>Act.U1</c>; for cells that share weights, <c>CellName.U1</c>.</param>
/// <param name="Cell">The cell class that declares the edge.</param>
/// <param name="Edge">The edge name within that cell.</param>
/// <param name="Table">The candidate operations.</param>
public sealed record ScopeInfo(string Path, string Cell, string Edge, OpTable Table)
{
    /// <summary>The op set's name.</summary>
    public string OpSet => Table.Name;

    /// <summary>The number of candidate operations (the length of the alpha vector).</summary>
    public int Count => Table.Count;

    /// <inheritdoc />
    public override string ToString() => $"{Path}: {OpSet} x{Count}";
}
