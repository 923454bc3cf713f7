using System.Collections.Generic;
using System.Linq;
using NasDsl.Generators.Model;
using static NasDsl.Generators.Emit.EmitHelpers;

namespace NasDsl.Generators.Emit;

/// <summary>
/// Emits a cell or search space: node properties, the graph description, the typed genotype, the network module
/// (supernet or discrete) with straight-line <c>forward</c>, scope registration, genotype mapping and the formula.
/// </summary>
internal static class CellEmitter
{
    private const string Formula = "global::NasDsl.Formula";

    public static string Emit(CellModel cell)
    {
        var writer = new SourceWriter();
        var blocks = OpenType(writer, cell.Type, $"partial class {cell.Type.Name}");
        EmitNodeProperties(writer, cell);
        if (cell.IsValid)
        {
            EmitGraph(writer, cell);
            EmitGenotype(writer, cell);
            EmitNetwork(writer, cell);
            EmitScopes(writer, cell);
            EmitFormula(writer, cell);
            if (cell.IsSearchSpace) EmitDefinition(writer, cell);
        }
        CloseAll(writer, blocks);
        return writer.ToString();
    }

    private static IEnumerable<EdgeModel> EdgesInto(CellModel cell, string node) => cell.Edges.Where(e => e.Target == node);

    private static bool IsBinary(EdgeModel edge) => edge.Sources.Count == 2;

    private static void EmitNodeProperties(SourceWriter writer, CellModel cell)
    {
        // An invalid cell may have no node to implement; a field nobody reads would then warn (CS0414).
        if (cell.Nodes.Count > 0)
        {
            writer.Line("private global::NasDsl.ScopeCursor _placement;");
            writer.Line();
        }
        writer.Line($"/// <summary>This cell viewed at the placement <paramref name=\"path\"/>; its nodes report paths below it.</summary>");
        writer.Line(cell.Nodes.Count > 0
            ? $"public static {cell.Type.Name} PlacedAt(string path) => new() {{ _placement = new global::NasDsl.ScopeCursor(path) }};"
            : $"public static {cell.Type.Name} PlacedAt(string path) => new();");
        foreach (var node in cell.Nodes)
        {
            writer.Line();
            if (node.Kind == NodeKindModel.Cell)
            {
                writer.Line($"{node.Accessibility} partial {node.TypeFullName} {node.Name} => {node.TypeFullName}.PlacedAt(_placement.KeyFor({Literal(node.ViewPath)}));");
            }
            else
            {
                var kind = node.Kind == NodeKindModel.Input ? "Input" : "Operation";
                writer.Line($"{node.Accessibility} partial global::NasDsl.Node {node.Name} => new({Literal(node.Name)}, _placement.KeyFor({Literal(node.Name)}), global::NasDsl.NodeKind.{kind});");
            }
        }
    }

    private static void EmitGraph(SourceWriter writer, CellModel cell)
    {
        writer.Line();
        writer.Line($"/// <summary>The graph of <see cref=\"{cell.Type.Name}\"/>: nodes and edges in topological order.</summary>");
        writer.Line("public static global::NasDsl.CellDescription Graph { get; } = new(");
        writer.Line($"    Name: {Literal(cell.Type.Name)},");
        writer.Line($"    IsSearchSpace: {(cell.IsSearchSpace ? "true" : "false")},");
        writer.Line($"    ShareWeights: {(cell.ShareWeights ? "true" : "false")},");
        writer.Line($"    Inputs: [{cell.Inputs.Join(", ", Literal)}],");
        writer.Line($"    Output: {Literal(cell.Output)},");
        writer.Line($"    Nodes: [{cell.TopologicalOrder.Join(", ", Literal)}],");
        writer.Line("    Edges:");
        writer.Line("    [");
        foreach (var edge in cell.Edges)
            writer.Line($"        new({Literal(edge.Name)}, {Literal(edge.Target)}, [{edge.Sources.Join(", ", Literal)}], global::NasDsl.EdgeKind.{edge.Kind}, {Literal(edge.OperationName)}{(edge.Repeat > 1 ? $", Repeat: {Int(edge.Repeat)}" : "")}),");
        writer.Line("    ]);");
    }

    private static void EmitGenotype(SourceWriter writer, CellModel cell)
    {
        var properties = GenotypeProperties(cell).ToList();
        writer.Line();
        writer.Line($"/// <summary>The operation chosen on each mixed edge of <see cref=\"{cell.Type.Name}\"/>, and the genotypes of its nested cells.</summary>");
        if (properties.Count == 0)
        {
            writer.Line("public sealed record Genotype;");
            return;
        }
        writer.Line("public sealed record Genotype(");
        for (var i = 0; i < properties.Count; i++)
        {
            var (edge, property) = properties[i];
            var type = edge.Kind == EdgeKindModel.Mixed ? edge.OperationFullName + ".Op" : edge.OperationFullName + ".Genotype";
            writer.Line($"    {type} {property.GenotypeProperty}{(i == properties.Count - 1 ? ");" : ",")}");
        }
    }

    /// <summary>One genotype property per mixed edge and per cell placement, except that the repetitions of a cell that
    /// shares its weights share one; each with the first placement that reads it.</summary>
    private static IEnumerable<(EdgeModel Edge, Placement Placement)> GenotypeProperties(CellModel cell) =>
        cell.Edges.Where(e => e.Kind != EdgeKindModel.Fixed)
            .SelectMany(e => e.Placements.GroupBy(p => p.GenotypeProperty).Select(g => (e, g.First())));

    private static void EmitNetwork(SourceWriter writer, CellModel cell)
    {
        var inputs = cell.Inputs.Select(Local).ToList();
        var baseType = inputs.Count == 2 ? BinaryModule : UnaryModule;
        var parameters = inputs.Join(", ", i => $"{Tensor} {i}");
        writer.Line();
        writer.Line($"/// <summary>The network of <see cref=\"{cell.Type.Name}\"/>: the supernet when built without a genotype, else the discrete network of that genotype.</summary>");
        writer.Line(GeneratedCode);
        using (writer.Block($"public sealed class Network : {baseType}"))
        {
            foreach (var edge in cell.Edges)
                foreach (var placement in edge.Placements)
                    writer.Line($"private readonly {FieldType(edge)} {Field(placement.Identifier)};");
            writer.Line();
            writer.Line("/// <summary>Builds every edge from the shapes of probe tensors that flow through the graph once.</summary>");
            using (writer.Block($"public Network(global::NasDsl.NetworkBuilder builder, {parameters}, Genotype? genotype) : base({Literal(cell.Type.Name)})"))
            {
                foreach (var node in cell.TopologicalOrder.Where(n => !cell.Inputs.Contains(n)))
                {
                    var edges = EdgesInto(cell, node).ToList();
                    if (IsRepeated(edges))
                    {
                        EmitChain(writer, node, edges[0], (placement, input) => $"builder.Probe({Field(placement.Identifier)}, {input})",
                            (placement, input) => writer.Line($"{Field(placement.Identifier)} = {Placement(edges[0], placement, input)};"));
                        continue;
                    }
                    foreach (var edge in edges)
                        writer.Line($"{Field(edge.Name)} = {Construction(edge)};");
                    var probes = edges.Join(" + ", e => $"builder.Probe({Field(e.Name)}, {e.Sources.Join(", ", Local)})");
                    writer.Line($"var {Local(node)} = {probes};");
                }
                foreach (var placement in cell.Edges.SelectMany(e => e.Placements))
                    writer.Line($"register_module({Literal(placement.Identifier)}, {Field(placement.Identifier)});");
            }
            writer.Line();
            writer.Line("/// <inheritdoc/>");
            using (writer.Block($"public override {Tensor} forward({parameters})"))
            {
                foreach (var node in cell.TopologicalOrder.Where(n => !cell.Inputs.Contains(n)))
                {
                    var edges = EdgesInto(cell, node).ToList();
                    if (IsRepeated(edges))
                        EmitChain(writer, node, edges[0], (placement, input) => $"{Field(placement.Identifier)}.forward({input})");
                    else
                        writer.Line($"var {Local(node)} = {edges.Join(" + ", e => $"{Field(e.Name)}.forward({e.Sources.Join(", ", Local)})")};");
                }
                writer.Line($"return {Local(cell.Output)};");
            }
        }
    }

    /// <summary>A node fed by one repeated placement: its repetitions run in sequence.</summary>
    private static bool IsRepeated(List<EdgeModel> edges) => edges.Count == 1 && edges[0].Placements.Count > 1;

    /// <summary>One local per repetition, each computed from the one before; the last is the node's own local.</summary>
    private static void EmitChain(SourceWriter writer, string node, EdgeModel edge, System.Func<Placement, string, string> value,
        System.Action<Placement, string>? before = null)
    {
        var input = Local(edge.Sources[0]);
        for (var i = 0; i < edge.Placements.Count; i++)
        {
            var placement = edge.Placements[i];
            before?.Invoke(placement, input);
            var local = i == edge.Placements.Count - 1 ? Local(node) : Local(placement.Identifier);
            writer.Line($"var {local} = {value(placement, input)};");
            input = local;
        }
    }

    private static string Placement(EdgeModel edge, Placement placement, string sources) =>
        $"new {edge.OperationFullName}.Network({Enter("builder", edge, placement)}, {sources}, genotype?.{placement.GenotypeProperty})";

    private static string FieldType(EdgeModel edge) => edge.Kind switch
    {
        EdgeKindModel.Mixed => IsBinary(edge) ? BinaryModule : UnaryModule,
        EdgeKindModel.Cell => edge.OperationFullName + ".Network",
        _ => edge.OperationFullName,
    };

    private static string Construction(EdgeModel edge)
    {
        var sources = edge.Sources.Join(", ", Local);
        return edge.Kind switch
        {
            EdgeKindModel.Mixed => $"builder.{(IsBinary(edge) ? "Binary" : "Unary")}({Literal(edge.Name)}, {edge.OperationFullName}.Table, (int?)genotype?.{edge.Name}, {sources})",
            EdgeKindModel.Cell => Placement(edge, edge.Placements[0], sources),
            _ => $"builder.Fixed({Literal(edge.Name)}, {FixedConstruction(edge)}, {Local(edge.Sources[0])})",
        };
    }

    /// <summary>The direct constructor call of a fixed module: the context first when it takes one, then the edge's Args.</summary>
    private static string FixedConstruction(EdgeModel edge)
    {
        var arguments = (edge.TakesContext ? new[] { "context" } : []).Concat(edge.ConstructorArguments);
        return $"{(edge.TakesContext ? "context" : "_")} => new {edge.OperationFullName}({string.Join(", ", arguments)})";
    }

    private static string Enter(string receiver, EdgeModel edge, Placement placement) =>
        $"{receiver}.Enter({Literal(placement.Path)}, {Literal(edge.OperationName)}, {(edge.ShareWeights ? "true" : "false")})";

    private static void EmitScopes(SourceWriter writer, CellModel cell)
    {
        var choices = cell.Edges.Where(e => e.Kind != EdgeKindModel.Fixed).ToList();
        writer.Line();
        writer.Line("/// <summary>Reports the mixed edges of this cell and of the cells it places, in topological order.</summary>");
        using (writer.Block("public static void DescribeScopes(global::NasDsl.ScopeCollector scopes)"))
        {
            foreach (var edge in choices)
            {
                if (edge.Kind == EdgeKindModel.Mixed)
                    writer.Line($"scopes.Mixed({Literal(cell.Type.Name)}, {Literal(edge.Name)}, {edge.OperationFullName}.Table);");
                else
                    foreach (var placement in edge.Placements)
                        writer.Line($"{edge.OperationFullName}.DescribeScopes({Enter("scopes", edge, placement)});");
            }
        }
        writer.Line();
        writer.Line("/// <summary>Reads the genotype of this placement from choices keyed by scope path.</summary>");
        var properties = GenotypeProperties(cell).ToList();
        if (properties.Count == 0)
        {
            writer.Line("public static Genotype ReadGenotype(global::NasDsl.ScopeChoices choices) => new();");
        }
        else
        {
            writer.Line("public static Genotype ReadGenotype(global::NasDsl.ScopeChoices choices) => new(");
            for (var i = 0; i < properties.Count; i++)
            {
                var (edge, placement) = properties[i];
                var value = edge.Kind == EdgeKindModel.Mixed
                    ? $"({edge.OperationFullName}.Op)choices.Get({Literal(edge.Name)})"
                    : $"{edge.OperationFullName}.ReadGenotype({Enter("choices", edge, placement)})";
                writer.Line($"    {placement.GenotypeProperty}: {value}{(i == properties.Count - 1 ? ");" : ",")}");
            }
        }
        writer.Line();
        writer.Line("/// <summary>Writes the choices of <paramref name=\"genotype\"/>, keyed by scope path.</summary>");
        using (writer.Block("public static void WriteGenotype(Genotype genotype, global::NasDsl.ScopeChoices choices)"))
        {
            foreach (var edge in choices)
            {
                if (edge.Kind == EdgeKindModel.Mixed)
                    writer.Line($"choices.Set({Literal(edge.Name)}, (int)genotype.{edge.Name});");
                else
                    foreach (var placement in edge.Placements)
                        writer.Line($"{edge.OperationFullName}.WriteGenotype(genotype.{placement.GenotypeProperty}, {Enter("choices", edge, placement)});");
            }
        }
    }

    private static void EmitFormula(SourceWriter writer, CellModel cell)
    {
        var parameters = cell.Inputs.Join(", ", i => $"{Formula} {Local(i)}");
        writer.Line();
        writer.Line("/// <summary>What the discrete network of <paramref name=\"genotype\"/> computes from its inputs, symbolically.</summary>");
        using (writer.Block($"public static {Formula} Formula(Genotype genotype, {parameters})"))
        {
            foreach (var node in cell.TopologicalOrder.Where(n => !cell.Inputs.Contains(n)))
            {
                var edges = EdgesInto(cell, node).ToList();
                if (IsRepeated(edges))
                {
                    EmitChain(writer, node, edges[0], (placement, input) => $"{edges[0].OperationFullName}.Formula(genotype.{placement.GenotypeProperty}, {input})");
                    continue;
                }
                var terms = edges.Select(FormulaTerm).ToList();
                writer.Line($"var {Local(node)} = {(terms.Count == 1 ? terms[0] : $"{Formula}.Sum({string.Join(", ", terms)})")};");
            }
            writer.Line($"return {Local(cell.Output)};");
        }
    }

    private static string FormulaTerm(EdgeModel edge)
    {
        var sources = edge.Sources.Join(", ", Local);
        return edge.Kind switch
        {
            EdgeKindModel.Mixed => $"{Formula}.Apply({edge.OperationFullName}.Table[(int)genotype.{edge.Name}], {sources})",
            EdgeKindModel.Cell => $"{edge.OperationFullName}.Formula(genotype.{edge.Name}, {sources})",
            _ => $"{Formula}.Call({Literal(edge.OperationName)}, {sources})",
        };
    }

    private static void EmitDefinition(SourceWriter writer, CellModel cell)
    {
        var name = cell.Type.Name;
        var network = "global::TorchSharp.torch.nn.Module<global::TorchSharp.torch.Tensor, global::TorchSharp.torch.Tensor>";
        writer.Line();
        writer.Line($"/// <summary>The runtime's view of <see cref=\"{name}\"/>: scopes, supernet and discrete-network factories, genotype mapping.</summary>");
        writer.Line($"public static global::NasDsl.SearchSpaceDefinition<Genotype> Definition {{ get; }} = new SpaceDefinition();");
        writer.Line();
        writer.Line("/// <summary>Every architecture-weight scope (mixed edge per placement), in topological order.</summary>");
        writer.Line("public static global::System.Collections.Generic.IReadOnlyList<global::NasDsl.ScopeInfo> Scopes => Definition.Scopes;");
        writer.Line();
        writer.Line("/// <summary>Builds the supernet: a mixed operation on every searchable edge, with fresh architecture weights.</summary>");
        writer.Line("public static global::NasDsl.Supernet<Genotype> CreateSupernet(global::NasDsl.SpaceOptions options) => Definition.CreateSupernet(options);");
        writer.Line();
        writer.Line("/// <summary>Builds the discrete network of <paramref name=\"genotype\"/>.</summary>");
        writer.Line($"public static {network} CreateDiscrete(Genotype genotype, global::NasDsl.SpaceOptions options) => Definition.CreateDiscrete(genotype, options);");
        writer.Line();
        writer.Line("/// <summary>The genotype as a formula per searched cell, e.g. <c>Act: max(sin(x), x·σ(x))</c>.</summary>");
        writer.Line("public static string Format(Genotype genotype) => Definition.Format(genotype);");
        writer.Line();
        writer.Line(GeneratedCode);
        using (writer.Block("private sealed class SpaceDefinition : global::NasDsl.SearchSpaceDefinition<Genotype>"))
        {
            writer.Line($"public override string Name => {Literal(name)};");
            writer.Line();
            writer.Line($"public override global::NasDsl.CellDescription Graph => {name}.Graph;");
            writer.Line();
            writer.Line($"protected override {network} BuildNetwork(global::NasDsl.NetworkBuilder builder, {Tensor} input, Genotype? genotype) => new Network(builder, input, genotype);");
            writer.Line();
            writer.Line($"protected override void DescribeScopes(global::NasDsl.ScopeCollector scopes) => {name}.DescribeScopes(scopes);");
            writer.Line();
            writer.Line($"protected override Genotype ReadGenotype(global::NasDsl.ScopeChoices choices) => {name}.ReadGenotype(choices);");
            writer.Line();
            writer.Line($"protected override void WriteGenotype(Genotype genotype, global::NasDsl.ScopeChoices choices) => {name}.WriteGenotype(genotype, choices);");
            writer.Line();
            var formulas = new List<string>();
            if (cell.Edges.Any(e => e.Kind == EdgeKindModel.Mixed))
            {
                formulas.Add($"(\"\", {name}.Formula(genotype, {Formula}.Var(\"x\")))");
            }
            else
            {
                foreach (var edge in cell.Edges.Where(e => e.Kind == EdgeKindModel.Cell))
                {
                    var variables = edge.Sources.Count == 1 ? $"{Formula}.Var(\"x\")" : $"{Formula}.Var(\"x\"), {Formula}.Var(\"y\")";
                    // Repetitions that share weights compute one formula: list it once, under the placement's name.
                    foreach (var placement in edge.Placements.GroupBy(p => p.GenotypeProperty).Select(g => g.First()))
                    {
                        var label = placement.GenotypeProperty == edge.Name ? edge.Name : placement.Path;
                        formulas.Add($"({Literal(label)}, {edge.OperationFullName}.Formula(genotype.{placement.GenotypeProperty}, {variables}))");
                    }
                }
            }
            writer.Line("public override global::System.Collections.Generic.IReadOnlyList<(string Label, global::NasDsl.Formula Formula)> Formulas(Genotype genotype) =>");
            writer.Line($"    [{string.Join(", ", formulas)}];");
        }
    }
}
